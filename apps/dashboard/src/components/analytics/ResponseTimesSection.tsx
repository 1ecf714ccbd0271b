import { useMemo } from 'react';
import type { GroupBy, ResponseTimeRow, ResponseTimes } from '@sitroom/core';
import { durationText, groupByLabel, groupByWord, groupLabel, percentText, responseTimesSummary, slaSummary } from '../../analytics.ts';
import { useT } from '../../i18n/index.ts';
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

export function EmptyWindow({ filtered, what = 'incidents' }: { filtered: boolean; what?: 'incidents' | 'reports' }) {
  const { t } = useT();
  return (
    <div className="analytics-empty">
      <p>{t(`an.empty.${what}`)}</p>
      {filtered && <p className="muted">{t('an.empty.hint')}</p>}
    </div>
  );
}

const pendingText = (n: number) => (n > 0 ? String(n) : '—');

/** Median and p90 of time to acknowledge and to rebuttal per group, with the clocks still running. */
export function ResponseTimesSection({ resource, query, filtered }: Props) {
  const { t } = useT();
  return (
    <section className="analytics-card" aria-labelledby="rt-heading" data-testid="response-times">
      <div className="analytics-card-head">
        <h2 id="rt-heading">{t('an.rt.heading')}</h2>
        <CsvButton of={t('an.rt.what')} disabled={resource.state.status !== 'ready'} download={() => downloadApiCsv(`/metrics/response-times?${query}`, 'response-times.csv')} />
      </div>
      <p className="analytics-note">{t('an.rt.note')}</p>
      <Loadable resource={resource} what={t('an.rt.what')}>
        {(data) => <ResponseTimesBody data={data} filtered={filtered} />}
      </Loadable>
    </section>
  );
}

function ResponseTimesBody({ data, filtered }: { data: ResponseTimes; filtered: boolean }) {
  const { groupBy, rows } = data;
  const { t } = useT();
  const narrow = useNarrow();
  const option = useMemo(() => responseTimesOption(t, groupBy, rows, narrow), [t, groupBy, rows, narrow]);
  if (rows.length === 0) return <EmptyWindow filtered={filtered} />;
  return (
    <>
      <figure className="analytics-figure">
        <EChart name="response-times" option={option} height={barChartHeight(rows.length, 4)} label={responseTimesSummary(t, groupBy, rows)} />
        <figcaption className="visually-hidden">{t('an.rt.caption', { by: groupByWord(t, groupBy) })}</figcaption>
      </figure>
      <ResponseTimesTable groupBy={groupBy} rows={rows} />
    </>
  );
}

function ResponseTimesTable({ groupBy, rows }: { groupBy: GroupBy; rows: ResponseTimeRow[] }) {
  const { t } = useT();
  return (
    <TableWrap label={t('an.rt.tableLabel', { by: groupByWord(t, groupBy) })}>
      <table className="analytics-table" data-testid="response-times-table">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {groupByLabel(t, groupBy)}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t('an.rt.incidents')}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t('an.rt.reports')}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t('an.rt.triageMedian')}
            </th>
            <th scope="colgroup" colSpan={3} className="group-start">
              {t('an.rt.toAck')}
            </th>
            <th scope="colgroup" colSpan={3} className="group-start">
              {t('an.rt.toRebuttal')}
            </th>
            <th scope="colgroup" colSpan={2} className="group-start">
              {t('an.rt.withinSla')}
            </th>
            <th scope="col" rowSpan={2} className="num group-start">
              {t('an.rt.referrals')}
            </th>
          </tr>
          <tr>
            <th scope="col" className="num group-start">{t('an.rt.median')}</th>
            <th scope="col" className="num">p90</th>
            <th scope="col" className="num">{t('an.rt.pending')}</th>
            <th scope="col" className="num group-start">{t('an.rt.median')}</th>
            <th scope="col" className="num">p90</th>
            <th scope="col" className="num">{t('an.rt.pending')}</th>
            <th scope="col" className="num group-start">{t('an.rt.ack')}</th>
            <th scope="col" className="num">{t('an.rt.rebuttal')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group} data-testid="response-times-row">
              <th scope="row">{groupLabel(t, groupBy, r)}</th>
              <td className="num">{r.incidents}</td>
              <td className="num">{r.reports}</td>
              <td className="num">{durationText(t, r.timeToTriage, 'median')}</td>
              <td className="num group-start">{durationText(t, r.timeToAcknowledge, 'median')}</td>
              <td className="num">{durationText(t, r.timeToAcknowledge, 'p90')}</td>
              <td className="num">{pendingText(r.timeToAcknowledge.pending)}</td>
              <td className="num group-start">{durationText(t, r.timeToRebuttal, 'median')}</td>
              <td className="num">{durationText(t, r.timeToRebuttal, 'p90')}</td>
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
  const { t } = useT();
  return (
    <section className="analytics-card analytics-card-keep" aria-labelledby="sla-heading" data-testid="sla-by-desk">
      <div className="analytics-card-head">
        <h2 id="sla-heading">{t('an.sla.heading')}</h2>
        <CsvButton of={t('an.sla.heading')} disabled={resource.state.status !== 'ready'} download={() => downloadApiCsv(`/metrics/response-times?${query}`, 'response-times-by-desk.csv')} />
      </div>
      <p className="analytics-note">{t('an.sla.note')}</p>
      <Loadable resource={resource} what={t('an.sla.what')}>
        {(data) => <SlaBody rows={data.rows} filtered={filtered} />}
      </Loadable>
    </section>
  );
}

function SlaBody({ rows, filtered }: { rows: ResponseTimeRow[]; filtered: boolean }) {
  const { t } = useT();
  const narrow = useNarrow();
  const option = useMemo(() => slaOption(t, rows, narrow), [t, rows, narrow]);
  if (rows.length === 0) return <EmptyWindow filtered={filtered} />;
  return (
    <>
      <figure className="analytics-figure">
        <EChart name="sla-by-desk" option={option} height={barChartHeight(rows.length, 2)} label={slaSummary(t, rows)} />
        <figcaption className="visually-hidden">{t('an.sla.caption')}</figcaption>
      </figure>
      <TableWrap label={t('an.sla.heading')}>
        <table className="analytics-table" data-testid="sla-table">
          <thead>
            <tr>
              <th scope="col">{t('an.sla.desk')}</th>
              <th scope="col" className="num">{t('an.rt.incidents')}</th>
              <th scope="col" className="num">{t('an.sla.ackInTime')}</th>
              <th scope="col" className="num">{t('an.sla.rebuttedInTime')}</th>
              <th scope="col" className="num">{t('an.sla.waiting')}</th>
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
