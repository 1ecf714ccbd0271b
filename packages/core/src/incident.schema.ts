import { z } from 'zod';
import { CATEGORIES, INCIDENT_STATUSES, PLATFORMS, PRIORITIES, TLP_LEVELS } from './vocab.ts';
import { ReportView } from './report.schema.ts';
import { DisarmTag } from './disarm.ts';

export const ScoreFactor = z.object({
  factor: z.string(),
  label: z.string(),
  contribution: z.number(),
  detail: z.string(),
});
export type ScoreFactor = z.infer<typeof ScoreFactor>;

/** The fields of an incident every list row and live event carries. */
export const IncidentSummary = z.object({
  id: z.uuid(),
  version: z.number().int(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  priority: z.enum(PRIORITIES),
  severity: z.number().int().min(0).max(100),
  category: z.enum(CATEGORIES),
  region: z.string().nullable(),
  language: z.string(),
  platform: z.enum(PLATFORMS),
  tlp: z.enum(TLP_LEVELS),
  deskId: z.uuid().nullable(),
  deskName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  reportCount: z.number().int(),
  organisationCount: z.number().int(),
  firstReportedAt: z.string(),
  lastReportedAt: z.string(),
  triagedAt: z.string().nullable(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  rebuttedAt: z.string().nullable(),
  sla: z.object({
    acknowledgeBy: z.string().nullable(),
    rebuttalBy: z.string().nullable(),
    acknowledgeBreachedAt: z.string().nullable(),
    rebuttalBreachedAt: z.string().nullable(),
    escalationLevel: z.number().int(),
  }),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const TimelineEntry = z.object({
  at: z.string(),
  action: z.string(),
  actor: z.string(),
  detail: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const IncidentDetail = IncidentSummary.extend({
  scoreBreakdown: z.array(ScoreFactor),
  matchedTerms: z.array(z.object({ term: z.string(), kind: z.enum(['violence', 'hate']), weight: z.number() })),
  routeReason: z.string().nullable(),
  urls: z.array(z.string()),
  reports: z.array(ReportView),
  timeline: z.array(TimelineEntry),
  /** DISARM tactic and technique ids responders tagged it with, by id. */
  disarmTags: z.array(DisarmTag),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentListQuery = z.strictObject({
  status: z.enum(INCIDENT_STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  desk: z.uuid().optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.string().max(32).optional(),
  language: z.string().max(35).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  open: z.enum(['true', 'false']).optional(),
  sort: z.enum(['priority', 'newest']).default('priority'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;

export const IncidentList = z.object({
  items: z.array(IncidentSummary),
  nextCursor: z.string().nullable(),
});
export type IncidentList = z.infer<typeof IncidentList>;
