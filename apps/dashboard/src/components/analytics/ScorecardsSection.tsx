import { formatSeconds, percentText } from '../../analytics.ts';
import { downloadApiCsv, type Scorecard } from '../../analytics-api.ts';
import { humanize } from '../../format.ts';
import { EmptyWindow } from './ResponseTimesSection.tsx';
import { CsvButton, Loadable, TableWrap, type ResourceHandle } from './resource.tsx';

interface Props {
  resource: ResourceHandle<{ items: Scorecard[] }>;
  query: string;
  filtered: boolean;
}

/** Per member organisation: what it filed and what came of it. Only the date range applies. */
export function ScorecardsSection({ resource, query, filtered }: Props) {
  return (
    <section className="analytics-card" aria-labelledby="scorecards-heading" data-testid="scorecards">
      <div className="analytics-card-head">
        <h2 id="scorecards-heading">Member scorecards</h2>
        <CsvButton
          of="member scorecards"
          disabled={resource.state.status !== 'ready'}
          download={() => downloadApiCsv(`/metrics/scorecards${query ? `?${query}` : ''}`, 'member-scorecards.csv')}
        />
      </div>
      <p className="analytics-note">
        Reports each member organisation filed in the date range, and what came of them. “Lead time” is the median time by which it
        reported an incident ahead of the next organisation.
      </p>
      <Loadable resource={resource} what="scorecards">
        {({ items }) =>
          items.length === 0 ? (
            <EmptyWindow filtered={filtered} what="reports" />
          ) : (
            <TableWrap label="Member scorecards">
              <table className="analytics-table" data-testid="scorecards-table">
                <thead>
                  <tr>
                    <th scope="col">Organisation</th>
                    <th scope="col">Kind</th>
                    <th scope="col" className="num">Reports filed</th>
                    <th scope="col" className="num">Became incidents</th>
                    <th scope="col" className="num">First to report</th>
                    <th scope="col" className="num">Led to a rebuttal</th>
                    <th scope="col" className="num">Dismissed</th>
                    <th scope="col" className="num">Median lead time</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.organisationId} data-testid="scorecard-row">
                      <th scope="row">{s.organisation}</th>
                      <td>{humanize(s.kind)}</td>
                      <td className="num">{s.reportsFiled}</td>
                      <td className="num">{percentText(s.shareBecameIncidents)}</td>
                      <td className="num">{percentText(s.shareFirstToReport)}</td>
                      <td className="num">{percentText(s.shareLedToRebuttal)}</td>
                      <td className="num">{percentText(s.shareDismissed)}</td>
                      <td className="num">{s.medianLeadSeconds === null ? '—' : formatSeconds(s.medianLeadSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </Loadable>
    </section>
  );
}
