import { useMemo } from 'react';
import { backlogCsv, bucketLabel, backlogMatrix, backlogSummary, formatSeconds, oldestP1Csv, type OldestP1 } from '../../analytics.ts';
import { saveCsv, type Backlog } from '../../analytics-api.ts';
import { formatDateTime } from '../../format.ts';
import { useT } from '../../i18n/index.ts';
import { backlogOption } from './chart-options.ts';
import { EChart, useNarrow } from './EChart.tsx';
import { CsvButton, Loadable, TableWrap, type ResourceHandle } from './resource.tsx';

/** Open incidents now, by age and desk, and the oldest P1s nobody has acknowledged. Not filtered: it is the present. */
export function BacklogSection({ resource, now }: { resource: ResourceHandle<Backlog>; now: number }) {
  const { t } = useT();
  const data = resource.state.status === 'ready' ? resource.state.data : null;
  const matrix = useMemo(() => (data ? backlogMatrix(data.buckets) : null), [data]);
  const narrow = useNarrow();
  const option = useMemo(() => (matrix ? backlogOption(t, matrix, narrow) : null), [t, matrix, narrow]);
  return (
    <section className="analytics-card analytics-card-keep" aria-labelledby="backlog-heading" data-testid="backlog">
      <div className="analytics-card-head">
        <h2 id="backlog-heading">{t('an.backlog.heading')}</h2>
        <CsvButton of={t('an.backlog.csvOf')} disabled={!matrix} download={() => {
            if (matrix) saveCsv(backlogCsv(matrix), 'backlog-by-desk.csv');
          }} />
      </div>
      <p className="analytics-note">{t('an.backlog.note')}</p>
      <Loadable resource={resource} what={t('an.backlog.what')}>
        {(b) => (
          <>
            {matrix && option && matrix.total > 0 ? (
              <>
                <figure className="analytics-figure">
                  <EChart name="backlog" option={option} height={300} label={backlogSummary(t, matrix)} />
                  <figcaption className="visually-hidden">{t('an.backlog.caption')}</figcaption>
                </figure>
                <TableWrap label={t('an.backlog.tableLabel')}>
                  <table className="analytics-table" data-testid="backlog-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('an.backlog.desk')}</th>
                        {matrix.buckets.map((bucket) => (
                          <th key={bucket} scope="col" className="num">
                            {bucketLabel(t, bucket)}
                          </th>
                        ))}
                        <th scope="col" className="num">{t('an.backlog.total')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {matrix.desks.map((desk, d) => (
                        <tr key={desk}>
                          <th scope="row">{desk}</th>
                          {matrix.buckets.map((bucket, i) => (
                            <td key={bucket} className="num">
                              {matrix.counts[i]![d] || '—'}
                            </td>
                          ))}
                          <td className="num strong">{matrix.deskTotals[d]}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </>
            ) : (
              <div className="analytics-empty">
                <p>{t('an.backlog.clear')}</p>
              </div>
            )}
            <OldestP1s items={b.oldestP1} now={now} />
          </>
        )}
      </Loadable>
    </section>
  );
}

function OldestP1s({ items, now }: { items: OldestP1[]; now: number }) {
  const { t, language } = useT();
  return (
    <div className="analytics-subsection" data-testid="oldest-p1">
      <div className="analytics-card-head">
        <h3 className="analytics-subhead">{t('an.p1.heading')}</h3>
        <CsvButton of={t('an.p1.csvOf')} disabled={items.length === 0} download={() => saveCsv(oldestP1Csv(items), 'oldest-unacknowledged-p1.csv')} />
      </div>
      {items.length === 0 ? (
        <p className="analytics-empty-inline">{t('an.p1.none')}</p>
      ) : (
        <TableWrap label={t('an.p1.tableLabel')}>
          <table className="analytics-table">
            <thead>
              <tr>
                <th scope="col">{t('an.p1.incident')}</th>
                <th scope="col">{t('an.p1.desk')}</th>
                <th scope="col">{t('an.p1.triaged')}</th>
                <th scope="col">{t('an.p1.ackBy')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const overdue = i.acknowledgeBy !== null && Date.parse(i.acknowledgeBy) < now;
                return (
                  <tr key={i.id}>
                    <th scope="row" className="cell-wrap">{i.title}</th>
                    <td>{i.deskName ?? t('an.p1.noDesk')}</td>
                    <td>{i.triagedAt ? formatDateTime(language, i.triagedAt) : '—'}</td>
                    <td className={overdue ? 'overdue' : undefined}>
                      {i.acknowledgeBy ? formatDateTime(language, i.acknowledgeBy) : '—'}
                      {overdue && i.acknowledgeBy && ` ${t('an.p1.overdue', { duration: formatSeconds((now - Date.parse(i.acknowledgeBy)) / 1000) })}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
