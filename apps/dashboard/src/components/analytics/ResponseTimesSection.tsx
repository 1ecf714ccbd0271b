import { useMemo } from 'react';
import type { GroupBy, ResponseTimeRow, ResponseTimes } from '@sitroom/core';
import { GROUP_BY_LABELS, durationText, groupLabel, percentText, responseTimesSummary, slaSummary } from '../../analytics.ts';
import { downloadApiCsv } from '../../analytics-api.ts';
import { barChartHeight, responseTimesOption, slaOption } from './chart-options.ts';
import { EChart, useNarrow } from './EChart.tsx';
import { CsvButton, Loadable, TableWrap, type ResourceHandle } from './resource.tsx';

interface Props {
  resource: ResourceHandle<ResponseTimes>;
  /** The query the figures were asked with; the CSV asks the same. */
  query: string;
  filtered: boolean;
}

export function EmptyWindow({ filtered, what = 'incidents' }: { filtered: boolean; what?: string }) {
  return (
    <div className="analytics-empty">
      <p>No {what} in this window.</p>
      {filtered && <p className="muted">Try a wider date range, or clear the desk and category filters.</p>}
    </div>
  );
}

const pendingText = (n: number) => (n > 0 ? String(n) : '—');

/** Median and p90 of time to acknowledge and to rebuttal per group, with the clocks still running. */
export function ResponseTimesSection({ resource, query, filtered }: Props) {
  return (
    <section className="analytics-card" aria-labelledby="rt-heading" data-testid="response-times">
      <div className="analytics-card-head">
        <h2 id="rt-heading">Response times</h2>
        <CsvButton of="response times" disabled={resource.state.status !== 'ready'} download={() => downloadApiCsv(`/metrics/response-times?${query}`, 'response-times.csv')} />
      </div>
      <p className="analytics-note">
        Median and 90th percentile (p90), from triage to the first acknowledgement and to the first published rebuttal. Incidents still
        waiting count as <strong>pending</strong>, never as zero; a median shows “not yet met” while too many clocks still run.
      </p>
      <Loadable resource={resource} what="response times">
        {(data) => <ResponseTimesBody data={data} filtered={filtered} />}
      </Loadable>
    </section>
  );
}

function ResponseTimesBody({ data, filtered }: { data: ResponseTimes; filtered: boolean }) {
  const { groupBy, rows } = data;
  const narrow = useNarrow();
  const option = useMemo(() => responseTimesOption(groupBy, rows, narrow), [groupBy, rows, narrow]);
  if (rows.length === 0) return <EmptyWindow filtered={filtered} />;
  return (
    <>
      <figure className="analytics-figure">
        <EChart name="response-times" option={option} height={barChartHeight(rows.length, 4)} label={responseTimesSummary(groupBy, rows)} />
        <figcaption className="visually-hidden">Bar chart of response times in minutes by {GROUP_BY_LABELS[groupBy].toLowerCase()}; the table below has the same figures.</figcaption>
      </figure>
      <ResponseTimesTable groupBy={groupBy} rows={rows} />
    </>
  );
}

function ResponseTimesTable({ groupBy, rows }: { groupBy: GroupBy; rows: ResponseTimeRow[] }) {
  return (
    <TableWrap label={`Response times by ${GROUP_BY_LABELS[groupBy].toLowerCase()}`}>
      <table className="analytics-table" data-testid="response-times-table">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {GROUP_BY_LABELS[groupBy]}
            </th>
            <th scope="col" rowSpan={2} className="num">
              Incidents
            </th>
            <th scope="col" rowSpan={2} className="num">
              Reports
            </th>
            <th scope="col" rowSpan={2} className="num">
              Triage median
            </th>
            <th scope="colgroup" colSpan={3} className="group-start">
              Time to acknowledge
            </th>
            <th scope="colgroup" colSpan={3} className="group-start">
              Time to rebuttal
            </th>
            <th scope="colgroup" colSpan={2} className="group-start">
              Within SLA
            </th>
            <th scope="col" rowSpan={2} className="num group-start">
              Referrals
            </th>
          </tr>
          <tr>
            <th scope="col" className="num group-start">Median</th>
            <th scope="col" className="num">p90</th>
            <th scope="col" className="num">Pending</th>
            <th scope="col" className="num group-start">Median</th>
            <th scope="col" className="num">p90</th>
            <th scope="col" className="num">Pending</th>
            <th scope="col" className="num group-start">Ack</th>
            <th scope="col" className="num">Rebuttal</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group} data-testid="response-times-row">
              <th scope="row">{groupLabel(groupBy, r)}</th>
              <td className="num">{r.incidents}</td>
              <td className="num">{r.reports}</td>
              <td className="num">{durationText(r.timeToTriage, 'median')}</td>
              <td className="num group-start">{durationText(r.timeToAcknowledge, 'median')}</td>
              <td className="num">{durationText(r.timeToAcknowledge, 'p90')}</td>
              <td className="num">{pendingText(r.timeToAcknowledge.pending)}</td>
              <td className="num group-start">{durationText(r.timeToRebuttal, 'median')}</td>
              <td className="num">{durationText(r.timeToRebuttal, 'p90')}</td>
              <td className="num">{pendingText(r.timeToRebuttal.pending)}</td>
              <td className="num group-start">{percentText(r.slaAcknowledgeCompliance)}</td>
              <td className="num">{percentText(r.slaRebuttalCompliance)}</td>
              <td className="num group-start">{r.referrals > 0 ? r.referrals : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** SLA compliance per desk: the share of incidents answered within their deadline, of those due or answered. */
export function SlaSection({ resource, query, filtered }: Props) {
  return (
    <section className="analytics-card analytics-card-keep" aria-labelledby="sla-heading" data-testid="sla-by-desk">
      <div className="analytics-card-head">
        <h2 id="sla-heading">SLA compliance by desk</h2>
        <CsvButton of="SLA compliance by desk" disabled={resource.state.status !== 'ready'} download={() => downloadApiCsv(`/metrics/response-times?${query}`, 'response-times-by-desk.csv')} />
      </div>
      <p className="analytics-note">Share of incidents acknowledged and rebutted within their SLA, of those whose deadline has passed or that were answered.</p>
      <Loadable resource={resource} what="SLA compliance">
        {(data) => <SlaBody rows={data.rows} filtered={filtered} />}
      </Loadable>
    </section>
  );
}

function SlaBody({ rows, filtered }: { rows: ResponseTimeRow[]; filtered: boolean }) {
  const narrow = useNarrow();
  const option = useMemo(() => slaOption(rows, narrow), [rows, narrow]);
  if (rows.length === 0) return <EmptyWindow filtered={filtered} />;
  return (
    <>
      <figure className="analytics-figure">
        <EChart name="sla-by-desk" option={option} height={barChartHeight(rows.length, 2)} label={slaSummary(rows)} />
        <figcaption className="visually-hidden">Bar chart of the share within SLA per desk, 0 to 100 %; the table below has the same figures.</figcaption>
      </figure>
      <TableWrap label="SLA compliance by desk">
        <table className="analytics-table" data-testid="sla-table">
          <thead>
            <tr>
              <th scope="col">Desk</th>
              <th scope="col" className="num">Incidents</th>
              <th scope="col" className="num">Acknowledged in time</th>
              <th scope="col" className="num">Rebutted in time</th>
              <th scope="col" className="num">Waiting: ack / rebuttal</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.group}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.incidents}</td>
                <td className="num">{percentText(r.slaAcknowledgeCompliance)}</td>
                <td className="num">{percentText(r.slaRebuttalCompliance)}</td>
                <td className="num">
                  {r.timeToAcknowledge.pending} / {r.timeToRebuttal.pending}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
