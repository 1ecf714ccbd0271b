import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResponseTimeRow } from '@sitroom/core';
import {
  DEFAULT_FILTERS, backlogCsv, backlogMatrix, backlogSummary, dayRange, durationText, filenameFrom, formatSeconds, groupLabel,
  nextDay, pendingLine, percentText, rangeError, refreshThrottle, responseTimesQuery, responseTimesSummary, scorecardsQuery, slotTime, timelineCsv,
  timelineQuery, timelineTotals, toMinutes, toPercent, zonedDayStart,
} from './analytics.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);
const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);

/** A response-time row; every clock met unless told otherwise. */
function newRow(overrides: Partial<ResponseTimeRow> = {}): ResponseTimeRow {
  return {
    group: 'results',
    label: 'results',
    incidents: 3,
    reports: 4,
    timeToTriage: { met: 4, pending: 0, median: 150, p90: 222 },
    timeToAcknowledge: { met: 3, pending: 0, median: 600, p90: 1080 },
    timeToRebuttal: { met: 2, pending: 1, median: 12000, p90: null },
    slaAcknowledgeCompliance: 2 / 3,
    slaRebuttalCompliance: 1 / 3,
    referrals: 0,
    referralOutcomes: {},
    ...overrides,
  };
}

describe('durations', () => {
  it('reads as minutes and seconds, hours and minutes, days and hours', () => {
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(45.4)).toBe('45 s');
    expect(formatSeconds(250)).toBe('4 min 10 s');
    expect(formatSeconds(600)).toBe('10 min');
    expect(formatSeconds(7500)).toBe('2 h 5 min');
    expect(formatSeconds(7200)).toBe('2 h');
    expect(formatSeconds(97_200)).toBe('1 d 3 h');
  });

  it('says "not yet met" while clocks run and "—" when there is nothing to measure, never zero', () => {
    expect(durationText(en, { met: 3, pending: 0, median: 600, p90: 1080 }, 'median')).toBe('10 min');
    expect(durationText(en, { met: 2, pending: 1, median: 12000, p90: null }, 'p90')).toBe('not yet met');
    expect(durationText(en, { met: 0, pending: 1, median: null, p90: null }, 'median')).toBe('not yet met');
    expect(durationText(en, { met: 0, pending: 0, median: null, p90: null }, 'median')).toBe('—');
  });

  it('gives charts minutes and percentages, leaving missing figures out rather than at zero', () => {
    expect(toMinutes(250)).toBe(4.2);
    expect(toMinutes(null)).toBeNull();
    expect(toPercent(2 / 3)).toBe(66.7);
    expect(toPercent(null)).toBeNull();
    expect(percentText(2 / 3)).toBe('67 %');
    expect(percentText(0)).toBe('0 %');
    expect(percentText(null)).toBe('—');
  });
});

describe('group names', () => {
  it('words categories and priorities, keeps the API label for the rest, and shows running clocks', () => {
    expect(groupLabel(en, 'category', newRow({ group: 'emb_integrity', label: 'emb_integrity' }))).toBe('Integrity of the electoral body');
    expect(groupLabel(en, 'priority', newRow({ group: 'P1', label: 'P1' }))).toBe('Priority 1, critical');
    expect(groupLabel(en, 'desk', newRow({ group: 'uuid', label: 'Results desk' }))).toBe('Results desk');
    expect(groupLabel(en, 'disarm', newRow({ group: 'TA06', label: 'TA06' }))).toBe('TA06 Develop Content');
    expect(groupLabel(en, 'disarm', newRow({ group: 'T0023.001', label: 'T0023.001' }))).toBe('T0023.001');
    expect(groupLabel(en, 'disarm', newRow({ group: '(untagged)', label: '(no DISARM tag)' }))).toBe('(no DISARM tag)');
    expect(pendingLine(en, newRow())).toBe('pending: 1 rebuttal');
    expect(pendingLine(en, newRow({ timeToAcknowledge: { met: 0, pending: 2, median: null, p90: null } }))).toBe('pending: 2 ack · 1 rebuttal');
    expect(pendingLine(en, newRow({ timeToRebuttal: { met: 2, pending: 0, median: 1, p90: 2 } }))).toBeNull();
  });

  it('says the same in Spanish', () => {
    expect(groupLabel(es, 'priority', newRow({ group: 'P1', label: 'P1' }))).toBe('Prioridad 1, crítica');
    expect(pendingLine(es, newRow({ timeToAcknowledge: { met: 0, pending: 2, median: null, p90: null } }))).toBe('pendientes: 2 acuse · 1 desmentido');
    expect(durationText(es, { met: 0, pending: 1, median: null, p90: null }, 'median')).toBe('aún no alcanzado');
    expect(responseTimesSummary(es, 'category', [newRow()])).toBe(
      'Tiempos de respuesta por categoría. Resultados: acuse de recibo mediana 10 min, p90 18 min; desmentido mediana 3 h 20 min, p90 aún no alcanzado; 1 en espera de desmentido.',
    );
    expect(backlogSummary(es, backlogMatrix([{ desk: 'Mesa de resultados', bucket: '24h+', count: 1 }]))).toBe(
      '1 incidente abierto por antigüedad. Mesa de resultados: 1 (1 más de 24 h).',
    );
  });

  it('summarises a chart in words for screen readers', () => {
    expect(responseTimesSummary(en, 'category', [])).toBe('No incidents in this window.');
    expect(responseTimesSummary(en, 'category', [newRow()])).toBe(
      'Response times by category. Results: acknowledge median 10 min, p90 18 min; rebuttal median 3 h 20 min, p90 not yet met; 1 awaiting a rebuttal.',
    );
  });
});

describe('the query', () => {
  it('turns calendar days into the instants they start and end in the election’s zone', () => {
    // La Paz is UTC-4 all year.
    expect(zonedDayStart('2026-11-01', 'America/La_Paz').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(dayRange('2026-11-01', '2026-11-02', 'America/La_Paz')).toEqual({ from: '2026-11-01T04:00:00.000Z', to: '2026-11-03T04:00:00.000Z' });
    // Berlin moves from UTC+1 to UTC+2 on 29 March 2026: that day starts at 23:00 UTC the day before; the next at 22:00.
    expect(zonedDayStart('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedDayStart('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(zonedDayStart('2026-03-29', 'UTC').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(dayRange('', '', 'UTC')).toEqual({});
  });

  it('leaves empty filters out, and refuses an end before the start', () => {
    expect(responseTimesQuery(DEFAULT_FILTERS, 'UTC')).toBe('groupBy=category');
    const q = new URLSearchParams(responseTimesQuery({ ...DEFAULT_FILTERS, fromDay: '2026-11-01', desk: 'd1', category: 'results', groupBy: 'desk' }, 'America/La_Paz'));
    expect(Object.fromEntries(q)).toEqual({ groupBy: 'desk', from: '2026-11-01T04:00:00.000Z', desk: 'd1', category: 'results' });
    expect(responseTimesQuery({ ...DEFAULT_FILTERS, election: 'e1' }, 'UTC', 'desk')).toBe('groupBy=desk&election=e1');
    // Scorecards take the window only.
    expect(scorecardsQuery({ ...DEFAULT_FILTERS, toDay: '2026-11-01', desk: 'd1' }, 'UTC')).toBe('to=2026-11-02T00%3A00%3A00.000Z');
    expect(timelineQuery('', '')).toBe('');
    expect(timelineQuery('2026-11-01', 'e1')).toBe('day=2026-11-01&election=e1');
    expect(rangeError(en, { fromDay: '2026-11-02', toDay: '2026-11-01' })).toMatch(/before/);
    expect(rangeError(en, { fromDay: '2026-11-01', toDay: '2026-11-01' })).toBeNull();
  });
});

describe('backlog', () => {
  const rows = [
    { desk: 'Results desk', bucket: '24h+', count: 1 },
    { desk: 'General desk', bucket: '0-15m', count: 2 },
    { desk: 'General desk', bucket: '1-4h', count: 1 },
  ];

  it('fills every desk × age bucket, youngest first, with totals', () => {
    const m = backlogMatrix(rows);
    expect(m.desks).toEqual(['General desk', 'Results desk']);
    expect(m.buckets).toEqual(['0-15m', '15-60m', '1-4h', '4-24h', '24h+']);
    expect(m.counts).toEqual([[2, 0], [0, 0], [1, 0], [0, 0], [0, 1]]);
    expect(m.deskTotals).toEqual([3, 1]);
    expect(m.total).toBe(4);
    expect(backlogSummary(en, m)).toBe('4 open incidents by age. General desk: 3 (2 under 15 min, 1 1–4 h). Results desk: 1 (1 over 24 h).');
    expect(backlogSummary(en, backlogMatrix([]))).toBe('No open incidents.');
  });

  it('exports as CSV with safe cells', () => {
    const csv = backlogCsv(backlogMatrix([{ desk: '=cmd|x', bucket: '0-15m', count: 1 }]));
    expect(csv).toBe("desk,open_0-15m,open_15-60m,open_1-4h,open_4-24h,open_24h+,open_total\r\n'=cmd|x,1,0,0,0,0,1\r\n");
  });
});

describe('timeline', () => {
  const slots = [
    { at: '2026-11-01T04:00:00.000Z', reports: 0, incidents: 0, rebuttals: 0 },
    { at: '2026-11-01T16:15:00.000Z', reports: 3, incidents: 1, rebuttals: 0 },
    { at: '2026-11-01T16:30:00.000Z', reports: 5, incidents: 2, rebuttals: 1 },
  ];

  it('labels slots in the election’s zone, totals them and finds the busiest', () => {
    expect(slotTime('2026-11-01T16:15:00.000Z', 'America/La_Paz')).toBe('12:15');
    const t = timelineTotals(slots);
    expect([t.reports, t.incidents, t.rebuttals, t.peak?.at]).toEqual([8, 3, 1, '2026-11-01T16:30:00.000Z']);
    expect(timelineTotals([slots[0]!]).peak).toBeNull();
    expect(timelineCsv(slots.slice(1, 2), 'America/La_Paz')).toBe('slot_start,local_time,reports,incidents,rebuttals\r\n2026-11-01T16:15:00.000Z,12:15,3,1,0\r\n');
  });
});

describe('refreshThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces a burst into one refresh and refreshes at most every 5 s', () => {
    const run = vi.fn();
    const throttle = refreshThrottle(run, 5_000, 300);
    throttle.trigger();
    throttle.trigger();
    throttle.trigger();
    vi.advanceTimersByTime(299);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    // Right after a refresh, the next waits for the rest of the 5 s.
    throttle.trigger();
    vi.advanceTimersByTime(4_999);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
    // After a quiet spell, only the settle time.
    vi.advanceTimersByTime(60_000);
    throttle.trigger();
    vi.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('counts a refresh made for another reason, and cancels', () => {
    const run = vi.fn();
    const throttle = refreshThrottle(run, 5_000, 300);
    throttle.markRun();
    throttle.trigger();
    vi.advanceTimersByTime(4_999);
    expect(run).not.toHaveBeenCalled();
    throttle.cancel();
    vi.advanceTimersByTime(10_000);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('filenameFrom', () => {
  it('takes the server’s file name, or the fallback', () => {
    expect(filenameFrom('attachment; filename="response-times-by-desk.csv"', 'x.csv')).toBe('response-times-by-desk.csv');
    expect(filenameFrom(null, 'x.csv')).toBe('x.csv');
    expect(filenameFrom('attachment', 'x.csv')).toBe('x.csv');
  });
});
