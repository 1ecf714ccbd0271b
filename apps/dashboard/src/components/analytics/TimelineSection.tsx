import { useId, useMemo } from 'react';
import { isActiveSlot, slotTime, timelineCsv, timelineSummary, timelineTotals } from '../../analytics.ts';
import { saveCsv, type Timeline } from '../../analytics-api.ts';
import { timelineOption } from './chart-options.ts';
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
  const data = resource.state.status === 'ready' ? resource.state.data : null;
  return (
    <section className="analytics-card" aria-labelledby="timeline-heading" data-testid="timeline">
      <div className="analytics-card-head">
        <h2 id="timeline-heading">Election-day timeline{data ? `: ${data.day}` : ''}</h2>
        <div className="analytics-card-tools">
          <div className="field field-inline no-print">
            <label htmlFor={`${id}-day`}>Day</label>
            <input id={`${id}-day`} type="date" value={day} onChange={(e) => onDayChange(e.target.value)} />
          </div>
          <CsvButton of="the timeline" disabled={!data} download={() => {
              if (data) saveCsv(timelineCsv(data.slots, data.timezone), `timeline-${data.day}.csv`);
            }} />
        </div>
      </div>
      <Loadable resource={resource} what="the timeline">
        {(t) => <TimelineBody timeline={t} />}
      </Loadable>
    </section>
  );
}

function TimelineBody({ timeline }: { timeline: Timeline }) {
  const { slots, timezone, day } = timeline;
  const narrow = useNarrow();
  const option = useMemo(() => timelineOption(slots, timezone, narrow), [slots, timezone, narrow]);
  const totals = timelineTotals(slots);
  const active = slots.filter(isActiveSlot);
  return (
    <>
      <p className="analytics-note">
        {totals.reports} reports, {totals.incidents} incidents and {totals.rebuttals} published rebuttals on {day} (times in {timezone}).
      </p>
      {active.length === 0 ? (
        <div className="analytics-empty">
          <p>Nothing was filed on this day.</p>
          <p className="muted">Pick another day above.</p>
        </div>
      ) : (
        <>
          <figure className="analytics-figure">
            <EChart name="timeline" option={option} height={280} label={timelineSummary(day, slots, timezone)} />
            <figcaption className="visually-hidden">Chart per 15 minutes; the table below lists every 15 minutes with activity.</figcaption>
          </figure>
          <h3 className="analytics-subhead">Every 15 minutes with activity ({active.length} of {slots.length})</h3>
          <TableWrap label="Timeline per 15 minutes" tall>
              <table className="analytics-table analytics-table-compact" data-testid="timeline-table">
                <thead>
                  <tr>
                    <th scope="col">From</th>
                    <th scope="col" className="num">Reports</th>
                    <th scope="col" className="num">Incidents</th>
                    <th scope="col" className="num">Rebuttals</th>
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
