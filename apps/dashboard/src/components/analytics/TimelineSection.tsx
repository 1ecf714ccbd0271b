import { useId, useMemo } from 'react';
import { isActiveSlot, slotTime, timelineCsv, timelineSummary, timelineTotals } from '../../analytics.ts';
import { saveCsv, type Timeline } from '../../analytics-api.ts';
import { timelineOption } from './chart-options.ts';
import { useT } from '../../i18n/index.ts';
import { EChart, useNarrow } from './EChart.tsx';
import { CsvButton, Loadable, TableWrap, type ResourceHandle } from './resource.tsx';

interface Props {
  resource: ResourceHandle<Timeline>;
  /** YYYY-MM-DD, or '' for today in the election's time zone. */
  day: string;
  onDayChange(day: string): void;
}

/** Reports, incidents and published rebuttals per 15 minutes over one day (the election's time zone). */
export function TimelineSection({ resource, day, onDayChange }: Props) {
  const id = useId();
  const { t } = useT();
  const data = resource.state.status === 'ready' ? resource.state.data : null;
  return (
    <section className="analytics-card" aria-labelledby="timeline-heading" data-testid="timeline">
      <div className="analytics-card-head">
        <h2 id="timeline-heading">{data ? t('an.tl.headingDay', { day: data.day }) : t('an.tl.heading')}</h2>
        <div className="analytics-card-tools">
          <div className="field field-inline no-print">
            <label htmlFor={`${id}-day`}>{t('an.tl.day')}</label>
            <input id={`${id}-day`} type="date" value={day} onChange={(e) => onDayChange(e.target.value)} />
          </div>
          <CsvButton of={t('an.tl.csvOf')} disabled={!data} download={() => {
              if (data) saveCsv(timelineCsv(data.slots, data.timezone), `timeline-${data.day}.csv`);
            }} />
        </div>
      </div>
      <Loadable resource={resource} what={t('an.tl.what')}>
        {(timeline) => <TimelineBody timeline={timeline} />}
      </Loadable>
    </section>
  );
}

function TimelineBody({ timeline }: { timeline: Timeline }) {
  const { slots, timezone, day } = timeline;
  const { t } = useT();
  const narrow = useNarrow();
  const option = useMemo(() => timelineOption(t, slots, timezone, narrow), [t, slots, timezone, narrow]);
  const totals = timelineTotals(slots);
  const active = slots.filter(isActiveSlot);
  return (
    <>
      <p className="analytics-note">
        {t('an.tl.note', { reports: totals.reports, incidents: totals.incidents, rebuttals: totals.rebuttals, day, zone: timezone })}
      </p>
      {active.length === 0 ? (
        <div className="analytics-empty">
          <p>{t('an.tl.empty')}</p>
          <p className="muted">{t('an.tl.emptyHint')}</p>
        </div>
      ) : (
        <>
          <figure className="analytics-figure">
            <EChart name="timeline" option={option} height={280} label={timelineSummary(t, day, slots, timezone)} />
            <figcaption className="visually-hidden">{t('an.tl.caption')}</figcaption>
          </figure>
          <h3 className="analytics-subhead">{t('an.tl.active', { active: active.length, total: slots.length })}</h3>
          <TableWrap label={t('an.tl.tableLabel')} tall>
              <table className="analytics-table analytics-table-compact" data-testid="timeline-table">
                <thead>
                  <tr>
                    <th scope="col">{t('an.tl.from')}</th>
                    <th scope="col" className="num">{t('an.tl.reports')}</th>
                    <th scope="col" className="num">{t('an.tl.incidents')}</th>
                    <th scope="col" className="num">{t('an.tl.rebuttals')}</th>
                  </tr>
                </thead>
                <tbody>
                  {active.map((s) => (
                    <tr key={s.at}>
                      <th scope="row">
                        <time dateTime={s.at}>{slotTime(s.at, timezone)}</time>
                      </th>
                      <td className="num">{s.reports}</td>
                      <td className="num">{s.incidents}</td>
                      <td className="num">{s.rebuttals}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
          </TableWrap>
        </>
      )}
    </>
  );
}
