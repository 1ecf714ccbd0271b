import { describe, expect, it } from 'vitest';
import { priorityFor, reachPoints, scoreIncident } from './scoring.ts';

const base = { category: 'voting_process', platform: 'facebook', reach: null, reportCount: 1, organisationCount: 1 } as const;

describe('scoreIncident', () => {
  it('is the sum of its named factors', () => {
    const s = scoreIncident({ ...base, reach: 10_000 });
    expect(s.severity).toBe(s.breakdown.reduce((a, f) => a + f.contribution, 0));
    expect(s.breakdown.map((f) => f.factor)).toEqual(['category', 'reach', 'corroboration', 'volume', 'platform']);
  });
  it('weighs process integrity above opinion polls', () => {
    expect(scoreIncident(base).severity).toBeGreaterThan(scoreIncident({ ...base, category: 'opinion_polls' }).severity);
  });
  it('rises with corroboration from more organisations', () => {
    const one = scoreIncident(base).severity;
    const three = scoreIncident({ ...base, reportCount: 3, organisationCount: 3 }).severity;
    expect(three).toBe(one + 16);
  });
  it('stays within 0..100', () => {
    const s = scoreIncident({ ...base, reach: 1e12, reportCount: 500, organisationCount: 50 });
    expect(s.severity).toBeLessThanOrEqual(100);
    expect(s.priority).toBe('P1');
  });
});

describe('reachPoints', () => {
  it.each([[null, 0], [5, 0], [100, 4], [10_000, 12], [1_000_000, 20], [1e12, 20]])('%s → %s', (reach, points) => {
    expect(reachPoints(reach)).toBe(points);
  });
});

describe('priorityFor', () => {
  it.each([[100, 'P1'], [70, 'P1'], [69, 'P2'], [50, 'P2'], [30, 'P3'], [29, 'P4'], [0, 'P4']])('%s → %s', (sev, p) => {
    expect(priorityFor(sev)).toBe(p);
  });
});
