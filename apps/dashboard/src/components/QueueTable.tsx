import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { IncidentSummary } from '@sitroom/core';
import { categoryLabel, currentSlaClock, formatAge, formatDateTime, platformLabel } from '../format.ts';
import { slaMissedMark } from '../sla.ts';
import { PriorityBadge, SeverityMeter, SlaMissedBadge, StatusBadge } from './Badges.tsx';

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
          Incidents, most urgent first. Use the arrow keys or j and k to move between rows and Enter to open one.
        </caption>
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Severity</th>
            <th scope="col">Claim</th>
            <th scope="col" className="col-secondary">Category</th>
            <th scope="col" className="col-optional">Region</th>
            <th scope="col" className="col-optional">Lang.</th>
            <th scope="col" className="col-optional">Platform</th>
            <th scope="col" className="num">Reports</th>
            <th scope="col" className="num">Orgs</th>
            <th scope="col">Age</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {rows.map((incident) => {
            const flash = flashes[incident.id];
            const sla = currentSlaClock(incident, now);
            const missed = slaMissedMark(incident, Boolean(breached[incident.id]));
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
                <td data-label="Priority">
                  <PriorityBadge priority={incident.priority} />
                </td>
                <td data-label="Severity">
                  <SeverityMeter severity={incident.severity} />
                </td>
                <th scope="row" className="cell-title" data-label="Claim">
                  <span className="title-text" title={incident.title}>
                    {incident.title}
                  </span>
                </th>
                <td data-label="Category" className="col-secondary">{categoryLabel(incident.category)}</td>
                <td data-label="Region" className="col-optional">{incident.region ?? <span className="muted">—</span>}</td>
                <td data-label="Language" className="col-optional">{incident.language}</td>
                <td data-label="Platform" className="col-optional">{platformLabel(incident.platform)}</td>
                <td data-label="Reports" className="num" data-testid="incident-report-count">
                  {incident.reportCount}
                </td>
                <td data-label="Orgs" className="num" data-testid="incident-org-count">
                  {incident.organisationCount}
                </td>
                <td data-label="Age" className="cell-age">
                  <time
                    dateTime={incident.firstReportedAt}
                    title={`First reported ${formatDateTime(incident.firstReportedAt)}; last ${formatDateTime(incident.lastReportedAt)}`}
                  >
                    {formatAge(incident.firstReportedAt, now)}
                  </time>
                  {incident.reportCount > 1 && (
                    <span className="age-last muted">last {formatAge(incident.lastReportedAt, now)}</span>
                  )}
                </td>
                <td data-label="Status" className="cell-status">
                  <StatusBadge status={incident.status} />
                  {missed && <SlaMissedBadge mark={missed} />}
                  {sla && (
                    <span className={`sla-clock sla-tone-${sla.tone}`} title={`Due ${formatDateTime(sla.dueAt)}`} data-testid="sla-clock">
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
