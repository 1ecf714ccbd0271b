import type { Category, Platform, Priority } from './vocab.ts';
import type { ScoreFactor } from './incident.schema.ts';

/** Process-integrity categories weigh most: they decide whether people can vote and trust the count. */
export const CATEGORY_WEIGHTS: Record<Category, number> = {
  voting_process: 40,
  results: 38,
  ballot_custody: 34,
  incitement: 34,
  voter_registration: 32,
  emb_integrity: 30,
  hate_speech: 28,
  gendered_violence: 28,
  coordinated_inauthentic: 24,
  electoral_boundaries: 18,
  candidates_parties: 14,
  opinion_polls: 12,
  other: 8,
};

const PLATFORM_WEIGHTS: Record<Platform, number> = {
  whatsapp: 6, facebook: 6, tiktok: 6, x: 5, youtube: 5, instagram: 5, telegram: 5,
  radio: 4, tv: 4, web: 3, print: 2, other: 2,
};

/** Priority cut-offs on severity: at or above `P1` is P1, and so on; below `P3` is P4. */
export const DEFAULT_PRIORITY_CUTOFFS = { P1: 70, P2: 50, P3: 30 } as const;
export type PriorityCutoffs = { P1: number; P2: number; P3: number };

export interface ScoreInput {
  category: Category;
  platform: Platform;
  /** Largest reach estimate among the incident's reports, if any was given. */
  reach: number | null;
  reportCount: number;
  organisationCount: number;
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

/**
 * First explainable severity formula: the sum of named factors, each with its contribution,
 * clamped to 0..100, and the priority it maps to.
 */
export function scoreIncident(input: ScoreInput, cutoffs: PriorityCutoffs = DEFAULT_PRIORITY_CUTOFFS): Score {
  const category = CATEGORY_WEIGHTS[input.category];
  const reach = reachPoints(input.reach);
  const corroboration = Math.min(25, (input.organisationCount - 1) * 8);
  const volume = Math.min(9, (input.reportCount - input.organisationCount) * 1.5);
  const platform = PLATFORM_WEIGHTS[input.platform];
  const breakdown: ScoreFactor[] = [
    { factor: 'category', label: 'Category', contribution: category, detail: `${input.category.replace(/_/g, ' ')}` },
    { factor: 'reach', label: 'Reach', contribution: reach, detail: input.reach ? `about ${input.reach.toLocaleString('en')} views or shares` : 'no reach estimate' },
    { factor: 'corroboration', label: 'Corroboration', contribution: corroboration, detail: `${input.organisationCount} organisation${input.organisationCount === 1 ? '' : 's'} reported it` },
    { factor: 'volume', label: 'Repeat reports', contribution: volume, detail: `${input.reportCount} report${input.reportCount === 1 ? '' : 's'} in all` },
    { factor: 'platform', label: 'Platform', contribution: platform, detail: input.platform },
  ];
  const severity = Math.max(0, Math.min(100, Math.round(breakdown.reduce((sum, f) => sum + f.contribution, 0))));
  return { severity, priority: priorityFor(severity, cutoffs), breakdown };
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
