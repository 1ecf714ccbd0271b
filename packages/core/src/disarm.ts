import { z } from 'zod';

/**
 * DISARM (Disinformation Analysis and Risk Management), the shared vocabulary of influence-operation
 * tactics and techniques that coalitions use to compare incidents. Responders tag an incident with
 * tactic (`TA06`) or technique (`T0023`, sub-technique `T0023.001`) ids of the Red framework, each
 * stored with the framework version it was read in: ids and names move between versions.
 */
export const DISARM_ID_PATTERN = /^(TA\d{2}|T\d{4}(\.\d{3})?)$/;

/** The framework version the dashboard offers when tagging; a tagger may name another. */
export const DEFAULT_DISARM_VERSION = '1.4';

/** The Red framework's tactics, by phase (plan, prepare, execute, assess), as named in version 1.4. */
export const DISARM_TACTICS: readonly { id: string; name: string }[] = [
  { id: 'TA01', name: 'Plan Strategy' },
  { id: 'TA02', name: 'Plan Objectives' },
  { id: 'TA13', name: 'Target Audience Analysis' },
  { id: 'TA05', name: 'Microtarget' },
  { id: 'TA06', name: 'Develop Content' },
  { id: 'TA07', name: 'Select Channels and Affordances' },
  { id: 'TA14', name: 'Develop Narratives' },
  { id: 'TA15', name: 'Establish Social Assets' },
  { id: 'TA16', name: 'Establish Legitimacy' },
  { id: 'TA08', name: 'Conduct Pump Priming' },
  { id: 'TA09', name: 'Deliver Content' },
  { id: 'TA17', name: 'Maximise Exposure' },
  { id: 'TA10', name: 'Drive Offline Activity' },
  { id: 'TA11', name: 'Persist in the Information Environment' },
  { id: 'TA18', name: 'Drive Online Harms' },
  { id: 'TA12', name: 'Assess Effectiveness' },
];

const TACTIC_NAMES = new Map(DISARM_TACTICS.map((t) => [t.id, t.name]));

/** A tactic's name; null for techniques (too many, and renamed too often, to ship a copy of). */
export function disarmName(id: string): string | null {
  return TACTIC_NAMES.get(id) ?? null;
}

export const DisarmId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(DISARM_ID_PATTERN, 'must be a DISARM tactic id (TA06) or technique id (T0023, T0023.001)');

export const DisarmTag = z.object({
  id: z.string(),
  /** The tactic's name; null for a technique. */
  name: z.string().nullable(),
  frameworkVersion: z.string(),
  /** Who added it (a user's name), null if that user is gone. */
  taggedBy: z.string().nullable(),
  taggedAt: z.string(),
});
export type DisarmTag = z.infer<typeof DisarmTag>;

/** The incident's whole tag set: what is not listed is removed. */
export const DisarmTagsInput = z.strictObject({
  tags: z.array(DisarmId).max(30, 'at most 30 tags'),
  /** The version of the framework the new tags were read in (tags kept keep theirs). */
  frameworkVersion: z
    .string()
    .trim()
    .regex(/^v?\d{1,3}(\.\d{1,3}){0,2}$/, 'must be a version number such as 1.4')
    // "v1.4" and "1.4" are one version.
    .overwrite((v) => v.replace(/^v/, ''))
    .default(DEFAULT_DISARM_VERSION),
  /** The incident's version the tagger saw; a newer one is a 409. */
  version: z.number().int().min(1).optional(),
});
export type DisarmTagsInput = z.infer<typeof DisarmTagsInput>;
