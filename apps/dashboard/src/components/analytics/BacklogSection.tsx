import { useMemo } from 'react';
import { BACKLOG_BUCKET_LABELS, backlogCsv, backlogMatrix, backlogSummary, formatSeconds, oldestP1Csv, type OldestP1 } from '../../analytics.ts';
import { saveCsv, type Backlog } from '../../analytics-api.ts';
import { formatDateTime } from '../../format.ts';
import { backlogOption } from './chart-options.ts';
import { EChart, useNarrow } from './EChart.tsx';
import { CsvButton, Loadable, TableWrap, type ResourceHandle } from './resource.tsx';

/** Open incidents now, by age and desk, and the oldest P1s nobody has acknowledged. Not filtered: it is the present. */
export function BacklogSection({ resource, now }: { resource: ResourceHandle<Backlog>; now: number }) {
  const data = resource.state.status === 'ready' ? resource.state.data : null;
  const matrix = useMemo(() => (data ? backlogMatrix(data.buckets) : null), [data]);
  const narrow = useNarrow();
  const option = useMemo(() => (matrix ? backlogOption(matrix, narrow) : null), [matrix, narrow]);
  return (
    <section className="analytics-card analytics-card-keep" aria-labelledby="backlog-heading" data-testid="backlog">
      <div className="analytics-card-head">
        <h2 id="backlog-heading">Backlog now</h2>
        <CsvButton of="the backlog by desk and age" disabled={!matrix} download={() => {
            if (matrix) saveCsv(backlogCsv(matrix), 'backlog-by-desk.csv');
          }} />
      </div>
      <p className="analytics-note">Open incidents by time since triage, per desk. All desks and categories, whatever the filters above.</p>
      <Loadable resource={resource} what="the backlog">
        {(b) => (
          <>
            {matrix && option && matrix.total > 0 ? (
              <>
                <figure className="analytics-figure">
                  <EChart name="backlog" option={option} height={300} label={backlogSummary(matrix)} />
                  <figcaption className="visually-hidden">Stacked bars of open incidents per desk by age; the table below has the same figures.</figcaption>
                </figure>
                <TableWrap label="Open incidents by desk and age">
                  <table className="analytics-table" data-testid="backlog-table">
                    <thead>
                      <tr>
                        <th scope="col">Desk</th>
                        {matrix.buckets.map((bucket) => (
                          <th key={bucket} scope="col" className="num">
                            {BACKLOG_BUCKET_LABELS[bucket] ?? bucket}
                          </th>
                        ))}
                        <th scope="col" className="num">Total</th>
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
                <p>No open incidents: the backlog is clear.</p>
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
  return (
    <div className="analytics-subsection" data-testid="oldest-p1">
      <div className="analytics-card-head">
        <h3 className="analytics-subhead">Oldest unacknowledged P1s</h3>
        <CsvButton of="the oldest unacknowledged P1s" disabled={items.length === 0} download={() => saveCsv(oldestP1Csv(items), 'oldest-unacknowledged-p1.csv')} />
      </div>
      {items.length === 0 ? (
        <p className="analytics-empty-inline">No P1 incident is waiting for acknowledgement.</p>
      ) : (
        <TableWrap label="Oldest unacknowledged P1 incidents">
          <table className="analytics-table">
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Desk</th>
                <th scope="col">Triaged</th>
                <th scope="col">Acknowledge by</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const overdue = i.acknowledgeBy !== null && Date.parse(i.acknowledgeBy) < now;
                return (
                  <tr key={i.id}>
                    <th scope="row" className="cell-wrap">{i.title}</th>
                    <td>{i.deskName ?? '(no desk)'}</td>
                    <td>{i.triagedAt ? formatDateTime(i.triagedAt) : '—'}</td>
                    <td className={overdue ? 'overdue' : undefined}>
                      {i.acknowledgeBy ? formatDateTime(i.acknowledgeBy) : '—'}
                      {overdue && i.acknowledgeBy && <> (overdue by {formatSeconds((now - Date.parse(i.acknowledgeBy)) / 1000)})</>}
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
