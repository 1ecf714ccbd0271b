import { CATEGORIES, disarmName, toCsv, type Category, type DurationStats, type GroupBy, type Priority, type ResponseTimeRow } from '@sitroom/core';
import { categoryLabel, priorityDescription } from './format.ts';
import type { Translate } from './i18n/translate.ts';

/**
 * Pure helpers of the analytics page: wording of durations and shares, the query it sends, CSV of client-built tables.
 * Words come from the catalogue through `t`; CSV headers and values stay as the API names them.
 */

/** "Category" / "Categoría": what response times are grouped by. */
export function groupByLabel(t: Translate, groupBy: GroupBy): string {
  return t(`an.groupBy.${groupBy}`);
}

/** The same, in the middle of a sentence ("by category" / "por categoría"). */
export function groupByWord(t: Translate, groupBy: GroupBy): string {
  return t(`an.groupByWord.${groupBy}`);
}

/** "45 s", "4 min 10 s", "2 h 5 min", "3 d 4 h": a duration in seconds, to the second below an hour. */
export function formatSeconds(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return total % 60 ? `${minutes} min ${total % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/**
 * A median or p90 as people read it: the duration; "not yet met" when clocks are still running and
 * too few have stopped to give the figure (never shown as zero); "—" when there is nothing to measure.
 */
export function durationText(t: Translate, stats: DurationStats, which: 'median' | 'p90'): string {
  const value = stats[which];
  if (value !== null) return formatSeconds(value);
  return stats.pending > 0 ? t('an.notYetMet') : '—';
}

/** 0.6667 → "67 %"; null (no clock due yet) → "—". */
export function percentText(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/** Seconds → minutes with one decimal, for chart axes; null stays null (no bar, never a zero bar). */
export function toMinutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 6) / 10;
}

/** A share as a 0..100 bar; null stays null. */
export function toPercent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

/** What a group is called on screen: category and priority keys get their words, DISARM tactics their names, the rest keep the API's label. */
export function groupLabel(t: Translate, groupBy: GroupBy, row: Pick<ResponseTimeRow, 'group' | 'label'>): string {
  if (groupBy === 'category' && (CATEGORIES as readonly string[]).includes(row.group)) return categoryLabel(t, row.group as Category);
  if (groupBy === 'priority' && /^P[1-4]$/.test(row.group)) return priorityDescription(t, row.group as Priority);
  if (groupBy === 'disarm') {
    if (row.group === '(untagged)') return t('an.untagged');
    const name = disarmName(row.group);
    return name ? `${row.group} ${name}` : row.group;
  }
  return row.label;
}

/** "pending: 1 ack · 2 rebuttal": the clocks still running in a group, for the chart's axis; null when none. */
export function pendingLine(t: Translate, row: Pick<ResponseTimeRow, 'timeToAcknowledge' | 'timeToRebuttal'>): string | null {
  const ack = row.timeToAcknowledge.pending;
  const rebuttal = row.timeToRebuttal.pending;
  if (ack + rebuttal === 0) return null;
  const parts = [ack > 0 ? t('an.pendingAck', { n: ack }) : '', rebuttal > 0 ? t('an.pendingRebuttal', { n: rebuttal }) : ''];
  return t('an.pendingLine', { list: parts.filter(Boolean).join(' · ') });
}

// ---- filters → query

export interface AnalyticsFilters {
  election: string;
  /** Calendar days (YYYY-MM-DD) in the election's time zone, both included; '' for open-ended. */
  fromDay: string;
  toDay: string;
  desk: string;
  category: string;
  groupBy: GroupBy;
}

export const DEFAULT_FILTERS: AnalyticsFilters = { election: '', fromDay: '', toDay: '', desk: '', category: '', groupBy: 'category' };

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The day after a calendar day: "2026-12-31" → "2027-01-01". */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The instant a calendar day starts in a time zone (DST-safe: the zone's offset is probed at that moment). */
export function zonedDayStart(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(instant));
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
  };
  // Probe twice: the offset at the first guess may differ from the offset at the real start across a DST change.
  const guess = utcMidnight - offsetAt(utcMidnight);
  return new Date(utcMidnight - offsetAt(guess));
}

/** The `from`/`to` instants of a day range in the election's zone: from the start of `fromDay` to the end of `toDay`. */
export function dayRange(fromDay: string, toDay: string, timeZone: string): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  if (DAY_RE.test(fromDay)) range.from = zonedDayStart(fromDay, timeZone).toISOString();
  if (DAY_RE.test(toDay)) range.to = zonedDayStart(nextDay(toDay), timeZone).toISOString();
  return range;
}

/** A to-day before the from-day gives an empty window the API refuses; say so before asking. */
export function rangeError(t: Translate, filters: Pick<AnalyticsFilters, 'fromDay' | 'toDay'>): string | null {
  return filters.fromDay && filters.toDay && filters.toDay < filters.fromDay ? t('an.rangeError') : null;
}

/** The query string of `GET /metrics/response-times` for these filters (empty values left out). */
export function responseTimesQuery(filters: AnalyticsFilters, timeZone: string, groupBy: GroupBy = filters.groupBy): string {
  const q = new URLSearchParams({ groupBy });
  const { from, to } = dayRange(filters.fromDay, filters.toDay, timeZone);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (filters.election) q.set('election', filters.election);
  if (filters.desk) q.set('desk', filters.desk);
  if (filters.category) q.set('category', filters.category);
  return q.toString();
}

/** The query string of `GET /metrics/scorecards`: only the date window applies there. */
export function scorecardsQuery(filters: AnalyticsFilters, timeZone: string): string {
  const q = new URLSearchParams();
  const { from, to } = dayRange(filters.fromDay, filters.toDay, timeZone);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return q.toString();
}

/** The query string of `GET /metrics/timeline`: the day (default: today in the election's zone) and election. */
export function timelineQuery(day: string, election: string): string {
  const q = new URLSearchParams();
  if (DAY_RE.test(day)) q.set('day', day);
  if (election) q.set('election', election);
  return q.toString();
}

// ---- live refresh

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `run` after live events, at most once per `everyMs`: a burst of events shortly after a refresh
 * waits for the rest of the interval, a lone event after a quiet spell waits only `settleMs` so a
 * few events that arrive together cost one refresh.
 */
export function refreshThrottle(run: () => void, everyMs = 5_000, settleMs = 300, timers: Timers = realTimers) {
  let lastRun = -Infinity;
  let pending: unknown = null;
  return {
    trigger() {
      if (pending !== null) return;
      const wait = Math.max(settleMs, lastRun + everyMs - timers.now());
      pending = timers.setTimeout(() => {
        pending = null;
        lastRun = timers.now();
        run();
      }, wait);
    },
    /** A refresh that happened for another reason (filters, retry) counts as the latest run. */
    markRun() {
      lastRun = timers.now();
    },
    cancel() {
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}

// ---- backlog and timeline (tables built here, so their CSV too)

export const BACKLOG_BUCKETS = ['0-15m', '15-60m', '1-4h', '4-24h', '24h+'] as const;
const BUCKET_KEYS = { '0-15m': 'an.bucket.under15', '15-60m': 'an.bucket.15to60', '1-4h': 'an.bucket.1to4', '4-24h': 'an.bucket.4to24', '24h+': 'an.bucket.over24' } as const;

/** "Under 15 min" / "Menos de 15 min" for the API's "0-15m"; a bucket it does not know, as sent. */
export function bucketLabel(t: Translate, bucket: string): string {
  return bucket in BUCKET_KEYS ? t(BUCKET_KEYS[bucket as keyof typeof BUCKET_KEYS]) : bucket;
}

export interface BacklogBucket {
  desk: string;
  bucket: string;
  count: number;
}

export interface BacklogMatrix {
  desks: string[];
  buckets: string[];
  /** counts[bucket index][desk index] */
  counts: number[][];
  deskTotals: number[];
  total: number;
}

/** Open incidents by age bucket × desk, every desk and bucket present (zeros filled), buckets youngest first. */
export function backlogMatrix(rows: BacklogBucket[]): BacklogMatrix {
  const desks = [...new Set(rows.map((r) => r.desk))].sort((a, b) => a.localeCompare(b));
  const extra = [...new Set(rows.map((r) => r.bucket))].filter((b) => !(BACKLOG_BUCKETS as readonly string[]).includes(b));
  const buckets = [...BACKLOG_BUCKETS, ...extra];
  const counts = buckets.map(() => desks.map(() => 0));
  for (const r of rows) counts[buckets.indexOf(r.bucket)]![desks.indexOf(r.desk)]! += r.count;
  const deskTotals = desks.map((_, d) => counts.reduce((sum, row) => sum + row[d]!, 0));
  return { desks, buckets, counts, deskTotals, total: deskTotals.reduce((a, b) => a + b, 0) };
}

export function backlogCsv(m: BacklogMatrix): string {
  return toCsv(
    ['desk', ...m.buckets.map((b) => `open_${b}`), 'open_total'],
    m.desks.map((desk, d) => [desk, ...m.buckets.map((_, b) => m.counts[b]![d]), m.deskTotals[d]]),
  );
}

export interface OldestP1 {
  id: string;
  title: string;
  deskName: string | null;
  triagedAt: string | null;
  acknowledgeBy: string | null;
}

export function oldestP1Csv(items: OldestP1[]): string {
  return toCsv(['incident_id', 'title', 'desk', 'triaged_at', 'acknowledge_by'], items.map((i) => [i.id, i.title, i.deskName, i.triagedAt, i.acknowledgeBy]));
}

export interface TimelineSlot {
  at: string;
  reports: number;
  incidents: number;
  rebuttals: number;
}

/** "14:15" in the election's zone. */
export function slotTime(at: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
}

export function timelineCsv(slots: TimelineSlot[], timeZone: string): string {
  return toCsv(['slot_start', 'local_time', 'reports', 'incidents', 'rebuttals'], slots.map((s) => [s.at, slotTime(s.at, timeZone), s.reports, s.incidents, s.rebuttals]));
}

export interface TimelineTotals {
  reports: number;
  incidents: number;
  rebuttals: number;
  /** The busiest 15 minutes by reports, null when nothing happened. */
  peak: TimelineSlot | null;
}

export function timelineTotals(slots: TimelineSlot[]): TimelineTotals {
  let peak: TimelineSlot | null = null;
  const totals = { reports: 0, incidents: 0, rebuttals: 0 };
  for (const s of slots) {
    totals.reports += s.reports;
    totals.incidents += s.incidents;
    totals.rebuttals += s.rebuttals;
    if (s.reports > 0 && (!peak || s.reports > peak.reports)) peak = s;
  }
  return { ...totals, peak };
}

export const isActiveSlot = (s: TimelineSlot) => s.reports + s.incidents + s.rebuttals > 0;

// ---- chart summaries (the accessible name says what the picture shows)

export function responseTimesSummary(t: Translate, groupBy: GroupBy, rows: ResponseTimeRow[]): string {
  if (rows.length === 0) return t('an.noIncidentsWindow');
  const parts = rows.map((r) =>
    t('an.summary.rtRow', {
      group: groupLabel(t, groupBy, r),
      ackMedian: durationText(t, r.timeToAcknowledge, 'median'),
      ackP90: durationText(t, r.timeToAcknowledge, 'p90'),
      rebMedian: durationText(t, r.timeToRebuttal, 'median'),
      rebP90: durationText(t, r.timeToRebuttal, 'p90'),
    })
    + (r.timeToAcknowledge.pending > 0 ? t('an.summary.awaitingAck', { n: r.timeToAcknowledge.pending }) : '')
    + (r.timeToRebuttal.pending > 0 ? t('an.summary.awaitingRebuttal', { n: r.timeToRebuttal.pending }) : ''));
  return t('an.summary.rt', { by: groupByWord(t, groupBy), rows: parts.join('. ') });
}

export function slaSummary(t: Translate, rows: ResponseTimeRow[]): string {
  if (rows.length === 0) return t('an.noIncidentsWindow');
  const parts = rows.map((r) =>
    t('an.summary.slaRow', { desk: r.label, ack: percentText(r.slaAcknowledgeCompliance), rebuttal: percentText(r.slaRebuttalCompliance) }));
  return t('an.summary.sla', { rows: parts.join('. ') });
}

export function timelineSummary(t: Translate, day: string, slots: TimelineSlot[], timeZone: string): string {
  const totals = timelineTotals(slots);
  if (!totals.peak && totals.incidents === 0 && totals.rebuttals === 0) return t('an.summary.timelineEmpty', { day });
  const peak = totals.peak ? t('an.summary.timelinePeak', { time: slotTime(totals.peak.at, timeZone), n: totals.peak.reports }) : '';
  return t('an.summary.timeline', {
    day, zone: timeZone, reports: totals.reports, incidents: totals.incidents, rebuttals: totals.rebuttals, peak,
  });
}

export function backlogSummary(t: Translate, m: BacklogMatrix): string {
  if (m.total === 0) return t('an.noOpenIncidents');
  const desks = m.desks.map((desk, d) => `${desk}: ${m.deskTotals[d]} (${m.buckets
    .map((b, i) => ({ b, n: m.counts[i]![d]! }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} ${bucketLabel(t, x.b).toLowerCase()}`)
    .join(', ')})`);
  return t(m.total === 1 ? 'an.summary.backlogOne' : 'an.summary.backlog', { total: m.total, desks: desks.join('. ') });
}

/** "response-times-by-category.csv" from a Content-Disposition header, else the fallback. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return match?.[1]?.trim() || fallback;
}
