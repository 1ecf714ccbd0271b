import type { Category, Platform, Priority } from './vocab.ts';
import type { ScoreFactor } from './incident.schema.ts';
import { DEFAULT_TRIAGE_SETTINGS, type ScoreFactorName, type TriageSettings } from './triage-settings.schema.ts';

/** Process-integrity categories weigh most: they decide whether people can vote and trust the count. */
export const CATEGORY_WEIGHTS: Record<Category, number> = {
  voting_process: 30,
  results: 28,
  ballot_custody: 25,
  incitement: 25,
  voter_registration: 24,
  emb_integrity: 22,
  hate_speech: 20,
  gendered_violence: 20,
  coordinated_inauthentic: 18,
  electoral_boundaries: 12,
  candidates_parties: 10,
  opinion_polls: 8,
  other: 5,
};

export const PLATFORM_WEIGHTS: Record<Platform, number> = {
  whatsapp: 6, facebook: 6, tiktok: 6, x: 5, youtube: 5, instagram: 5, telegram: 5,
  radio: 4, tv: 4, web: 3, print: 2, other: 2,
};

/** Priority cut-offs on severity: at or above `P1` is P1, and so on; below `P3` is P4. */
export const DEFAULT_PRIORITY_CUTOFFS = { P1: 70, P2: 50, P3: 30 } as const;
export type PriorityCutoffs = { P1: number; P2: number; P3: number };

/** What triage knows about an incident when it scores it. */
export interface ScoreInput {
  category: Category;
  platform: Platform;
  /** Largest reach estimate among the incident's reports, if any was given. */
  reach: number | null;
  reportCount: number;
  organisationCount: number;
  /** Reports received in the last hour. */
  reportsLastHour?: number;
  /** Days from now to polling day (negative after it), in the election's time zone; null without an election. */
  daysToPolling?: number | null;
  /** Lexicon terms matched in the claims, with their weights. */
  harmTerms?: { term: string; kind: 'violence' | 'hate'; weight: number }[];
  /** 0..3 from the election's region map. */
  regionSensitivity?: number;
  regionCode?: string | null;
  /** Of the filing organisations' past resolved reports: how many ended rebutted and how many dismissed. */
  trackRecord?: { rebutted: number; dismissed: number } | null;
}

export interface Score {
  severity: number;
  priority: Priority;
  breakdown: ScoreFactor[];
}

/** log10-scaled reach: 100 views → 4 points, 10,000 → 12, a million or more → 20. */
export function reachPoints(reach: number | null): number {
  if (!reach || reach <= 10) return 0;
  return Math.max(0, Math.min(20, Math.round((Math.log10(reach) - 1) * 4)));
}

/** Reports in the last hour beyond the first: 2 points each, up to 10. */
export function velocityPoints(reportsLastHour: number): number {
  return Math.max(0, Math.min(10, (reportsLastHour - 1) * 2));
}

/** Closer to polling day, higher: polling day and the day after 12, within 3 days 8, within a week 4. */
export function proximityPoints(daysToPolling: number | null | undefined): number {
  if (daysToPolling === null || daysToPolling === undefined) return 0;
  if (daysToPolling <= 0 && daysToPolling >= -1) return 12;
  if (daysToPolling < -1 && daysToPolling >= -7) return 6; // counting and results period
  if (daysToPolling > 0 && daysToPolling <= 3) return 8;
  if (daysToPolling > 3 && daysToPolling <= 7) return 4;
  return 0;
}

/** Track record from -5 (its reports are mostly dismissed) to +5 (mostly rebutted); 0 until 3 are resolved. */
export function trackRecordPoints(record: { rebutted: number; dismissed: number } | null | undefined): number {
  if (!record) return 0;
  const resolved = record.rebutted + record.dismissed;
  if (resolved < 3) return 0;
  return Math.round(((record.rebutted - record.dismissed) / resolved) * 5);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Severity as a sum of named, explainable factors, each with its contribution and a sentence
 * saying why; weighted per election, clamped to 0..100, mapped to a priority.
 */
export function scoreIncident(input: ScoreInput, settings: TriageSettings = DEFAULT_TRIAGE_SETTINGS): Score {
  const harm = input.harmTerms ?? [];
  const harmRaw = Math.min(20, harm.reduce((sum, t) => sum + t.weight, 0));
  const record = input.trackRecord ?? null;
  const raw: Record<ScoreFactorName, { label: string; points: number; detail: string }> = {
    category: {
      label: 'Category',
      points: settings.categoryPoints[input.category] ?? CATEGORY_WEIGHTS[input.category],
      detail: input.category.replace(/_/g, ' '),
    },
    reach: { label: 'Reach', points: reachPoints(input.reach), detail: input.reach ? `about ${input.reach.toLocaleString('en')} views or shares` : 'no reach estimate' },
    velocity: {
      label: 'Velocity',
      points: velocityPoints(input.reportsLastHour ?? 1),
      detail: `${plural(input.reportsLastHour ?? 1, 'report')} in the last hour`,
    },
    corroboration: {
      label: 'Corroboration',
      points: Math.min(20, (input.organisationCount - 1) * 6) + Math.min(5, (input.reportCount - input.organisationCount) * 1),
      detail: `${plural(input.organisationCount, 'organisation')}, ${plural(input.reportCount, 'report')}`,
    },
    platform: { label: 'Platform', points: settings.platformPoints[input.platform] ?? PLATFORM_WEIGHTS[input.platform], detail: input.platform },
    proximity: {
      label: 'Proximity to polling day',
      points: proximityPoints(input.daysToPolling),
      detail: input.daysToPolling === null || input.daysToPolling === undefined
        ? 'no active election'
        : input.daysToPolling === 0 ? 'polling day'
        : input.daysToPolling > 0 ? `${plural(input.daysToPolling, 'day')} before polling day`
        : `${plural(-input.daysToPolling, 'day')} after polling day`,
    },
    harm_language: {
      label: 'Violence or hate indicators',
      points: harmRaw,
      detail: harm.length ? `matched: ${harm.map((t) => `"${t.term}" (${t.kind})`).join(', ')}` : 'no lexicon term matched',
    },
    region: {
      label: 'Region sensitivity',
      points: (input.regionSensitivity ?? 0) * 3,
      detail: input.regionCode ? `${input.regionCode}: sensitivity ${input.regionSensitivity ?? 0} of 3` : 'no region given',
    },
    track_record: {
      label: 'Filer track record',
      points: trackRecordPoints(record),
      detail: record && record.rebutted + record.dismissed >= 3
        ? `${record.rebutted} of ${record.rebutted + record.dismissed} resolved reports rebutted`
        : 'not enough resolved reports yet',
    },
  };
  const breakdown: ScoreFactor[] = Object.entries(raw).map(([factor, f]) => ({
    factor,
    label: f.label,
    contribution: Math.round(f.points * settings.weights[factor as ScoreFactorName] * 10) / 10,
    detail: f.detail,
  }));
  const severity = Math.max(0, Math.min(100, Math.round(breakdown.reduce((sum, f) => sum + f.contribution, 0))));
  return { severity, priority: priorityFor(severity, settings.cutoffs), breakdown };
}

export function priorityFor(severity: number, cutoffs: PriorityCutoffs = DEFAULT_PRIORITY_CUTOFFS): Priority {
  if (severity >= cutoffs.P1) return 'P1';
  if (severity >= cutoffs.P2) return 'P2';
  if (severity >= cutoffs.P3) return 'P3';
  return 'P4';
}

/** Sort key: P1 first, then higher severity. */
export function priorityRank(priority: Priority): number {
  return Number(priority.slice(1));
}
