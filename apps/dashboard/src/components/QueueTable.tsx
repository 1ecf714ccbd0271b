import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { IncidentSummary } from '@sitroom/core';
import { categoryLabel, currentSlaClock, formatAge, formatDateTime, platformLabel } from '../format.ts';
import { slaMissedMark } from '../sla.ts';
import { PriorityBadge, SeverityMeter, SlaMissedBadge, StatusBadge } from './Badges.tsx';
import { useT } from '../i18n/index.ts';

interface Props {
  rows: IncidentSummary[];
  flashes: Record<string, number>;
  breached: Record<string, true>;
  selectedId: string | null;
  now: number;
  onOpen(id: string): void;
  onFlashDone(id: string): void;
  /** Focus moved to another row while the panel is open: show that one instead. */
  onMove(id: string): void;
  /** Set by the parent to send focus back to a row (after the panel closes). */
  focusRequest: { id: string; n: number } | null;
}

export function QueueTable({ rows, flashes, breached, selectedId, now, onOpen, onFlashDone, onMove, focusRequest }: Props) {
  const { t, language } = useT();
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  // Roving tabindex: one row is in the tab order, the arrow keys move between the others.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const activeId = rows.some((row) => row.id === focusedId) ? focusedId : (rows[0]?.id ?? null);

  useEffect(() => {
    if (focusRequest) rowRefs.current.get(focusRequest.id)?.focus();
  }, [focusRequest]);

  function focusRow(index: number) {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    rowRefs.current.get(row.id)?.focus();
    if (selectedId) onMove(row.id);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const index = rows.findIndex((row) => row.id === activeId);
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        focusRow(index + 1);
        break;
      case 'ArrowUp':
      case 'k':
        focusRow(index - 1);
        break;
      case 'Home':
        focusRow(0);
        break;
      case 'End':
        focusRow(rows.length - 1);
        break;
      case 'Enter':
      case ' ':
        if (activeId) onOpen(activeId);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <div className="table-wrap">
      <table className="queue">
        <caption className="visually-hidden">
          {t('queue.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('queue.col.priority')}</th>
            <th scope="col">{t('queue.col.severity')}</th>
            <th scope="col">{t('queue.col.claim')}</th>
            <th scope="col" className="col-secondary">{t('queue.col.category')}</th>
            <th scope="col" className="col-optional">{t('queue.col.region')}</th>
            <th scope="col" className="col-optional">
              <abbr title={t('queue.col.language')}>{t('queue.col.lang')}</abbr>
            </th>
            <th scope="col" className="col-optional">{t('queue.col.platform')}</th>
            <th scope="col" className="num">{t('queue.col.reports')}</th>
            <th scope="col" className="num">
              <abbr title={t('queue.col.organisations')}>{t('queue.col.orgs')}</abbr>
            </th>
            <th scope="col">{t('queue.col.age')}</th>
            <th scope="col">{t('queue.col.status')}</th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {rows.map((incident) => {
            const flash = flashes[incident.id];
            const sla = currentSlaClock(t, incident, now);
            const missed = slaMissedMark(t, incident, Boolean(breached[incident.id]));
            const classes = ['queue-row'];
            if (flash !== undefined) classes.push(`flash-${flash % 2}`);
            if (incident.id === selectedId) classes.push('is-selected');
            if (missed) classes.push('is-breached');
            return (
              <tr
                key={incident.id}
                ref={(element) => {
                  if (element) rowRefs.current.set(incident.id, element);
                  else rowRefs.current.delete(incident.id);
                }}
                className={classes.join(' ')}
                data-sla-missed={missed ? 'true' : undefined}
                data-testid="incident-row"
                data-incident-id={incident.id}
                data-version={incident.version}
                tabIndex={incident.id === activeId ? 0 : -1}
                aria-current={incident.id === selectedId ? 'true' : undefined}
                onFocus={() => setFocusedId(incident.id)}
                onClick={() => {
                  setFocusedId(incident.id);
                  onOpen(incident.id);
                }}
                onAnimationEnd={() => onFlashDone(incident.id)}
              >
                <td data-col="priority" data-label={t('queue.col.priority')}>
                  <PriorityBadge priority={incident.priority} />
                </td>
                <td data-col="severity" data-label={t('queue.col.severity')}>
                  <SeverityMeter severity={incident.severity} />
                </td>
                <th scope="row" className="cell-title" data-col="claim" data-label={t('queue.col.claim')}>
                  <span className="title-text" title={incident.title}>
                    {incident.title}
                  </span>
                </th>
                <td data-col="category" data-label={t('queue.col.category')} className="col-secondary">{categoryLabel(t, incident.category)}</td>
                <td data-col="region" data-label={t('queue.col.region')} className="col-optional">{incident.region ?? <span className="muted">—</span>}</td>
                <td data-col="language" data-label={t('queue.col.language')} className="col-optional">{incident.language}</td>
                <td data-col="platform" data-label={t('queue.col.platform')} className="col-optional">{platformLabel(t, incident.platform)}</td>
                <td data-col="reports" data-label={t('queue.col.reports')} className="num" data-testid="incident-report-count">
                  {incident.reportCount}
                </td>
                <td data-col="orgs" data-label={t('queue.col.organisations')} className="num" data-testid="incident-org-count">
                  {incident.organisationCount}
                </td>
                <td data-col="age" data-label={t('queue.col.age')} className="cell-age">
                  <time
                    dateTime={incident.firstReportedAt}
                    title={t('queue.reportedTitle', {
                      first: formatDateTime(language, incident.firstReportedAt),
                      last: formatDateTime(language, incident.lastReportedAt),
                    })}
                  >
                    {formatAge(t, incident.firstReportedAt, now)}
                  </time>
                  {incident.reportCount > 1 && (
                    <span className="age-last muted">{t('queue.last', { age: formatAge(t, incident.lastReportedAt, now) })}</span>
                  )}
                </td>
                <td data-col="status" data-label={t('queue.col.status')} className="cell-status">
                  <StatusBadge status={incident.status} />
                  {missed && <SlaMissedBadge mark={missed} />}
                  {sla && (
                    <span className={`sla-clock sla-tone-${sla.tone}`} title={t('sla.dueAt', { time: formatDateTime(language, sla.dueAt) })} data-testid="sla-clock">
                      {sla.text}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
