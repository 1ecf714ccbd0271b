import { formatSeconds, percentText } from '../../analytics.ts';
import { downloadApiCsv, type Scorecard } from '../../analytics-api.ts';
import { humanize } from '../../format.ts';
import { en } from '../../i18n/en.ts';
import { useT, type MessageKey } from '../../i18n/index.ts';
import { EmptyWindow } from './ResponseTimesSection.tsx';
import { CsvButton, Loadable, TableWrap, type ResourceHandle } from './resource.tsx';

interface Props {
  resource: ResourceHandle<{ items: Scorecard[] }>;
  query: string;
  filtered: boolean;
}

/** Per member organisation: what it filed and what came of it. Only the date range applies. */
export function ScorecardsSection({ resource, query, filtered }: Props) {
  const { t } = useT();
  const kindLabel = (kind: string) => (`orgKind.${kind}` in en ? t(`orgKind.${kind}` as MessageKey) : humanize(kind));
  return (
    <section className="analytics-card" aria-labelledby="scorecards-heading" data-testid="scorecards">
      <div className="analytics-card-head">
        <h2 id="scorecards-heading">{t('an.sc.heading')}</h2>
        <CsvButton
          of={t('an.sc.csvOf')}
          disabled={resource.state.status !== 'ready'}
          download={() => downloadApiCsv(`/metrics/scorecards${query ? `?${query}` : ''}`, 'member-scorecards.csv')}
        />
      </div>
      <p className="analytics-note">{t('an.sc.note')}</p>
      <Loadable resource={resource} what={t('an.sc.what')}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyWindow filtered={filtered} what="reports" />
          ) : (
            <TableWrap label={t('an.sc.heading')}>
              <table className="analytics-table" data-testid="scorecards-table">
                <thead>
                  <tr>
                    <th scope="col">{t('an.sc.organisation')}</th>
                    <th scope="col">{t('an.sc.kind')}</th>
                    <th scope="col" className="num">{t('an.sc.filed')}</th>
                    <th scope="col" className="num">{t('an.sc.becameIncidents')}</th>
                    <th scope="col" className="num">{t('an.sc.first')}</th>
                    <th scope="col" className="num">{t('an.sc.ledToRebuttal')}</th>
                    <th scope="col" className="num">{t('an.sc.dismissed')}</th>
                    <th scope="col" className="num">{t('an.sc.leadTime')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.organisationId} data-testid="scorecard-row">
                      <th scope="row">{s.organisation}</th>
                      <td>{kindLabel(s.kind)}</td>
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
