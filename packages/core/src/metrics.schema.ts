import { z } from 'zod';

export const GROUP_BYS = ['category', 'region', 'desk', 'organisation', 'day', 'priority', 'disarm'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const MetricsQuery = z.strictObject({
  groupBy: z.enum(GROUP_BYS).default('category'),
  from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  election: z.uuid().optional(),
  desk: z.uuid().optional(),
  category: z.string().max(50).optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

/** Durations in seconds. `pending` counts clocks still running (not met yet): never counted as zero. */
export const DurationStats = z.object({
  met: z.number().int(),
  pending: z.number().int(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

export const ResponseTimeRow = z.object({
  group: z.string(),
  label: z.string(),
  incidents: z.number().int(),
  reports: z.number().int(),
  timeToTriage: DurationStats,
  timeToAcknowledge: DurationStats,
  timeToRebuttal: DurationStats,
  /** Share of incidents whose clock was met in time, of those whose deadline has passed or that were answered; null when none. */
  slaAcknowledgeCompliance: z.number().nullable(),
  slaRebuttalCompliance: z.number().nullable(),
  referrals: z.number().int(),
  referralOutcomes: z.record(z.string(), z.number()),
});
export type ResponseTimeRow = z.infer<typeof ResponseTimeRow>;

export const ResponseTimes = z.object({
  groupBy: z.enum(GROUP_BYS),
  timezone: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  rows: z.array(ResponseTimeRow),
});
export type ResponseTimes = z.infer<typeof ResponseTimes>;

export const REFERRAL_BODIES = ['platform', 'press_ombud', 'human_rights_commission', 'police', 'prosecutor', 'other'] as const;
export const REFERRAL_OUTCOMES = ['pending', 'removed', 'labelled', 'reduced_reach', 'no_action'] as const;

export const ReferralInput = z.strictObject({
  bodyKind: z.enum(REFERRAL_BODIES),
  bodyName: z.string().trim().min(1).max(200),
  channel: z.string().trim().min(1).max(200),
  reference: z.string().trim().max(200).optional(),
  note: z.string().trim().max(2000).optional(),
});
export const ReferralOutcomeInput = z.strictObject({ outcome: z.enum(REFERRAL_OUTCOMES), note: z.string().trim().max(2000).optional() });
export const ReferralView = z.object({
  id: z.uuid(), incidentId: z.uuid(), bodyKind: z.enum(REFERRAL_BODIES), bodyName: z.string(), channel: z.string(), reference: z.string().nullable(),
  note: z.string().nullable(), outcome: z.enum(REFERRAL_OUTCOMES), referredAt: z.string(), referredById: z.uuid(), outcomeAt: z.string().nullable(),
});

/** One spreadsheet cell, RFC 4180 quoted and safe from formula injection (=, +, -, @, tab, CR start a formula). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends (RFC 4180). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
