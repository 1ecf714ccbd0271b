import { z } from 'zod';
import { CATEGORIES, PLATFORMS, PRIORITIES } from './vocab.ts';

/** The named severity factors, in the order the incident panel shows them. */
export const SCORE_FACTORS = [
  'category', 'reach', 'velocity', 'corroboration', 'platform', 'proximity', 'harm_language', 'region', 'track_record',
] as const;
export type ScoreFactorName = (typeof SCORE_FACTORS)[number];

/** A multiplier per factor: 1 keeps the built-in scale, 0 switches the factor off, 2 doubles it. */
export const FactorWeights = z.strictObject(
  Object.fromEntries(SCORE_FACTORS.map((f) => [f, z.number().min(0).max(5).default(1)])) as Record<ScoreFactorName, z.ZodDefault<z.ZodNumber>>,
);
export type FactorWeights = z.infer<typeof FactorWeights>;

export const PriorityCutoffsSchema = z
  .strictObject({ P1: z.number().int().min(1).max(100), P2: z.number().int().min(1).max(100), P3: z.number().int().min(1).max(100) })
  .refine((c) => c.P1 > c.P2 && c.P2 > c.P3, { message: 'must descend: P1 > P2 > P3', path: ['P1'] });

// Fractions of a minute are allowed so tests and drills can use SLAs of seconds.
const Minutes = z.number().min(0.01).max(60 * 24 * 30);
export const SlaTarget = z.strictObject({ acknowledgeMinutes: Minutes, rebuttalMinutes: Minutes });
export type SlaTarget = z.infer<typeof SlaTarget>;

export const DEFAULT_SLA: Record<(typeof PRIORITIES)[number], SlaTarget> = {
  P1: { acknowledgeMinutes: 15, rebuttalMinutes: 120 },
  P2: { acknowledgeMinutes: 60, rebuttalMinutes: 360 },
  P3: { acknowledgeMinutes: 240, rebuttalMinutes: 1440 },
  P4: { acknowledgeMinutes: 1440, rebuttalMinutes: 4320 },
};

/** Per-election triage settings, editable by an admin; every part falls back to a default. */
export const TriageSettings = z.strictObject({
  weights: FactorWeights.default(FactorWeights.parse({})),
  categoryPoints: z.partialRecord(z.enum(CATEGORIES), z.number().min(0).max(60)).default({}),
  platformPoints: z.partialRecord(z.enum(PLATFORMS), z.number().min(0).max(20)).default({}),
  cutoffs: PriorityCutoffsSchema.default({ P1: 70, P2: 50, P3: 30 }),
  sla: z
    .strictObject({ P1: SlaTarget, P2: SlaTarget, P3: SlaTarget, P4: SlaTarget })
    .refine((s) => Object.values(s).every((t) => t.rebuttalMinutes >= t.acknowledgeMinutes), { message: 'rebuttal time must not be shorter than acknowledgement time' })
    .default(DEFAULT_SLA),
  /** Minutes after a breach before it escalates from the desk's approvers to the coalition lead(s). */
  escalateAfterMinutes: z.number().min(0.01).max(24 * 60).default(30),
});
export type TriageSettings = z.infer<typeof TriageSettings>;

export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = TriageSettings.parse({});

/** Settings stored in the database may predate a new field: parse leniently, fall back to defaults. */
export function readTriageSettings(stored: unknown): TriageSettings {
  const parsed = TriageSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_TRIAGE_SETTINGS;
}
