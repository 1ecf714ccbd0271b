import type { GroupBy, ResponseTimeRow } from '@sitroom/core';
import {
  bucketLabel, formatSeconds, groupLabel, pendingLine, slotTime, toMinutes, toPercent,
  type BacklogMatrix, type TimelineSlot,
} from '../../analytics.ts';
import type { Translate } from '../../i18n/index.ts';
import type { ChartOption } from './EChart.tsx';

// Colours with AA contrast against white for text-sized marks; pairs (median dark, p90 light) read as one measure.
const TEXT = '#101828';
const MUTED = '#4a5567';
const GRID_LINE = '#e4e8ee';
export const COLORS = {
  ackMedian: '#1f5fbf',
  ackP90: '#8fb3ea',
  rebMedian: '#b54708',
  rebP90: '#f2b078',
  reports: '#9fb3cc',
  incidents: '#1f5fbf',
  rebuttals: '#027a48',
  ageBuckets: ['#8fb3ea', '#1f5fbf', '#f59e0b', '#d92d20', '#7a1a12'],
};

const base = {
  textStyle: { color: TEXT, fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif' },
  legend: { top: 0, left: 0, textStyle: { color: TEXT }, itemGap: 16 },
} satisfies ChartOption;

const valueAxis = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'value' as const,
  name,
  nameLocation: 'middle' as const,
  nameGap: 28,
  nameTextStyle: { color: MUTED },
  axisLabel: { color: MUTED },
  splitLine: { lineStyle: { color: GRID_LINE } },
  ...extra,
});

const minutesTooltip = (t: Translate) => (value: unknown) => (typeof value === 'number' ? formatSeconds(value * 60) : t('an.chart.noData'));

/** ECharts rich-text markup uses braces and bars; a name must not open a style of its own. */
const richSafe = (text: string) => text.replace(/[{}|]/g, ' ');

/** Height that gives each group room for its bars. */
export const barChartHeight = (groups: number, barsPerGroup: number) => Math.max(220, 70 + groups * (14 * barsPerGroup + 18));

export function responseTimesOption(t: Translate, groupBy: GroupBy, rows: ResponseTimeRow[], narrow = false): ChartOption {
  const series = (name: string, color: string, pick: (r: ResponseTimeRow) => number | null) => ({
    type: 'bar' as const, name, itemStyle: { color }, barMaxWidth: 14, data: rows.map((r) => toMinutes(pick(r))),
  });
  return {
    ...base,
    // On a phone the legend wraps onto up to three lines.
    grid: { left: 8, right: 24, top: narrow ? 84 : 40, bottom: 36, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: minutesTooltip(t) },
    xAxis: valueAxis(t('an.chart.minutes')),
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => groupLabel(t, groupBy, r)),
      axisLabel: {
        width: narrow ? 110 : 190,
        overflow: 'truncate',
        // The group's name, and under it the clocks still running there (never drawn as a zero bar).
        formatter: (name: string, index: number) => {
          const pending = rows[index] ? pendingLine(t, rows[index]) : null;
          return `{name|${richSafe(name)}}${pending ? `\n{pending|${pending}}` : ''}`;
        },
        rich: {
          name: { color: TEXT, fontSize: 12, lineHeight: 16 },
          pending: { color: MUTED, fontSize: 11, lineHeight: 15 },
        },
      },
    },
    series: [
      series(t('an.chart.ackMedian'), COLORS.ackMedian, (r) => r.timeToAcknowledge.median),
      series(t('an.chart.ackP90'), COLORS.ackP90, (r) => r.timeToAcknowledge.p90),
      series(t('an.chart.rebMedian'), COLORS.rebMedian, (r) => r.timeToRebuttal.median),
      series(t('an.chart.rebP90'), COLORS.rebP90, (r) => r.timeToRebuttal.p90),
    ],
  };
}

export function slaOption(t: Translate, rows: ResponseTimeRow[], narrow = false): ChartOption {
  const series = (name: string, color: string, pick: (r: ResponseTimeRow) => number | null) => ({
    type: 'bar' as const, name, itemStyle: { color }, barMaxWidth: 16, data: rows.map((r) => toPercent(pick(r))),
    label: { show: true, position: 'right' as const, color: TEXT, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${Math.round(p.value)} %` : '') },
  });
  return {
    ...base,
    grid: { left: 8, right: 48, top: 40, bottom: 36, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? `${Math.round(v)} %` : t('an.chart.noDeadline')) },
    xAxis: valueAxis(t('an.chart.withinSla'), { min: 0, max: 100, axisLabel: { color: MUTED, formatter: '{value} %' } }),
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { color: TEXT, width: narrow ? 100 : 190, overflow: 'truncate' } },
    series: [
      series(t('an.sla.ackInTime'), COLORS.ackMedian, (r) => r.slaAcknowledgeCompliance),
      series(t('an.sla.rebuttedInTime'), COLORS.rebMedian, (r) => r.slaRebuttalCompliance),
    ],
  };
}

export function timelineOption(t: Translate, slots: TimelineSlot[], timeZone: string, narrow = false): ChartOption {
  return {
    ...base,
    grid: { left: 8, right: 16, top: narrow ? 62 : 40, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: slots.map((s) => slotTime(s.at, timeZone)),
      // One label every two hours (four on a phone); the tooltip names every 15 minutes.
      axisLabel: { color: MUTED, interval: narrow ? 15 : 7 },
      axisTick: { alignWithLabel: true, interval: narrow ? 15 : 7 },
    },
    yAxis: valueAxis('', { minInterval: 1 }),
    series: [
      { type: 'bar', name: t('an.chart.reports'), itemStyle: { color: COLORS.reports }, data: slots.map((s) => s.reports) },
      { type: 'line', name: t('an.chart.incidents'), itemStyle: { color: COLORS.incidents }, lineStyle: { width: 2 }, showSymbol: false, data: slots.map((s) => s.incidents) },
      { type: 'line', name: t('an.chart.rebuttals'), itemStyle: { color: COLORS.rebuttals }, lineStyle: { width: 2, type: 'dashed' }, showSymbol: false, data: slots.map((s) => s.rebuttals) },
    ],
  };
}

export function backlogOption(t: Translate, m: BacklogMatrix, narrow = false): ChartOption {
  return {
    ...base,
    grid: { left: 8, right: 16, top: narrow ? 62 : 40, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: m.desks, axisLabel: { color: TEXT, interval: 0, width: 120, overflow: 'truncate' } },
    yAxis: valueAxis(t('an.chart.openIncidents'), { minInterval: 1 }),
    series: m.buckets.map((bucket, i) => ({
      type: 'bar' as const,
      name: bucketLabel(t, bucket),
      stack: 'age',
      barMaxWidth: 56,
      itemStyle: { color: COLORS.ageBuckets[i] ?? MUTED },
      data: m.counts[i]!,
    })),
  };
}
