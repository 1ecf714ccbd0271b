import { describe, expect, it } from 'vitest';
import { priorityFor, proximityPoints, reachPoints, scoreIncident, trackRecordPoints, velocityPoints } from './scoring.ts';
import { SCORE_FACTORS, TriageSettings } from './triage-settings.schema.ts';

const base = { category: 'voting_process', platform: 'facebook', reach: null, reportCount: 1, organisationCount: 1 } as const;

describe('scoreIncident', () => {
  it('is the sum of its named factors', () => {
    const s = scoreIncident({ ...base, reach: 10_000 });
    expect(s.severity).toBe(s.breakdown.reduce((a, f) => a + f.contribution, 0));
    expect(s.breakdown.map((f) => f.factor)).toEqual(SCORE_FACTORS);
  });
  it('weighs process integrity above opinion polls', () => {
    expect(scoreIncident(base).severity).toBeGreaterThan(scoreIncident({ ...base, category: 'opinion_polls' }).severity);
  });
  it('rises with corroboration from more organisations', () => {
    const one = scoreIncident(base).severity;
    const three = scoreIncident({ ...base, reportCount: 3, organisationCount: 3 }).severity;
    expect(three).toBe(one + 12);
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

describe('factors', () => {
  it('velocity: 2 points per extra report in the last hour, up to 10', () => {
    expect([1, 2, 4, 20].map(velocityPoints)).toEqual([0, 2, 6, 10]);
  });
  it('proximity: polling day highest, then the days just before, then the counting period', () => {
    expect([null, 30, 7, 3, 1, 0, -1, -3, -10].map(proximityPoints)).toEqual([0, 0, 4, 8, 8, 12, 12, 6, 0]);
  });
  it('track record: from -5 to +5, neutral until 3 reports are resolved', () => {
    expect(trackRecordPoints({ rebutted: 2, dismissed: 0 })).toBe(0);
    expect(trackRecordPoints({ rebutted: 4, dismissed: 0 })).toBe(5);
    expect(trackRecordPoints({ rebutted: 0, dismissed: 4 })).toBe(-5);
    expect(trackRecordPoints({ rebutted: 3, dismissed: 1 })).toBe(3);
  });
  it('harm language: matched terms add their weights (capped at 20) and are named', () => {
    const s = scoreIncident({ ...base, harmTerms: [{ term: 'quemar', kind: 'violence', weight: 8 }, { term: 'indios', kind: 'hate', weight: 15 }] });
    const f = s.breakdown.find((b) => b.factor === 'harm_language')!;
    expect(f.contribution).toBe(20);
    expect(f.detail).toContain('"quemar" (violence)');
  });
  it('region sensitivity: 3 points per level', () => {
    const s = scoreIncident({ ...base, regionCode: 'PT', regionSensitivity: 2 });
    expect(s.breakdown.find((b) => b.factor === 'region')!.contribution).toBe(6);
  });
  it('per-election weights scale or switch off a factor, and cut-offs decide the priority', () => {
    const settings = TriageSettings.parse({ weights: { category: 2, platform: 0 }, cutoffs: { P1: 90, P2: 60, P3: 40 } });
    const s = scoreIncident(base, settings);
    expect(s.breakdown.find((b) => b.factor === 'category')!.contribution).toBe(60);
    expect(s.breakdown.find((b) => b.factor === 'platform')!.contribution).toBe(0);
    expect(s.priority).toBe('P2');
  });
});
