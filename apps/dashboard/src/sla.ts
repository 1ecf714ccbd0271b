import type { IncidentSummary, LiveEvent } from '@sitroom/core';

export type SlaClockName = 'acknowledgement' | 'rebuttal';

export interface MissedDeadline {
  clock: SlaClockName;
  dueAt: string;
}

/**
 * The deadline an incident missed, when the API marked one: the rebuttal deadline if both were
 * missed (it is the later one), else the acknowledgement. Null when nothing is marked breached.
 */
export function missedDeadline(incident: IncidentSummary): MissedDeadline | null {
  const { sla } = incident;
  if (sla.rebuttalBreachedAt && sla.rebuttalBy) return { clock: 'rebuttal', dueAt: sla.rebuttalBy };
  if (sla.acknowledgeBreachedAt && sla.acknowledgeBy) return { clock: 'acknowledgement', dueAt: sla.acknowledgeBy };
  return null;
}

/** Who a missed deadline went to: level 1 the desk's approvers, level 2 the coalition lead. */
export function escalationLabel(level: number): string | null {
  if (level >= 2) return 'escalated to lead';
  if (level === 1) return 'escalated to desk approvers';
  return null;
}

export interface SlaMissedMark {
  text: 'SLA missed';
  escalation: string | null;
}

/** The red "SLA missed" mark of a row: the API marked a breach, or a breach event came in this session. */
export function slaMissedMark(incident: IncidentSummary, breachEventSeen: boolean): SlaMissedMark | null {
  if (!breachEventSeen && !missedDeadline(incident)) return null;
  return { text: 'SLA missed', escalation: escalationLabel(incident.sla.escalationLevel) };
}

/** "14:05": the wall-clock time of `iso` (24-hour), in `timeZone` or the browser's own. */
export function formatClockTime(iso: string, timeZone?: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
}

export interface SlaAlert {
  /** One alert per incident, clock and escalation level: a later escalation alerts again. */
  key: string;
  incidentId: string;
  title: string;
  message: string;
  escalation: string | null;
}

/** The alert an `sla.breached` event raises: "SLA missed: acknowledgement of '…' was due at 14:05". */
export function slaAlertFromEvent(event: LiveEvent, timeZone?: string): SlaAlert | null {
  if (event.type !== 'sla.breached') return null;
  const { incident } = event;
  const missed: MissedDeadline | null =
    missedDeadline(incident) ??
    (!incident.acknowledgedAt && incident.sla.acknowledgeBy
      ? { clock: 'acknowledgement', dueAt: incident.sla.acknowledgeBy }
      : incident.sla.rebuttalBy
        ? { clock: 'rebuttal', dueAt: incident.sla.rebuttalBy }
        : null);
  if (!missed) return null;
  const level = incident.sla.escalationLevel;
  return {
    key: `${incident.id}:${missed.clock}:${level}`,
    incidentId: incident.id,
    title: incident.title,
    message: `SLA missed: ${missed.clock} of '${incident.title}' was due at ${formatClockTime(missed.dueAt, timeZone)}`,
    escalation: escalationLabel(level),
  };
}

const MAX_ALERTS = 5;

/** Adds an alert on top unless it is shown or was dismissed already; keeps the newest few. */
export function addSlaAlert(alerts: readonly SlaAlert[], alert: SlaAlert, dismissed: ReadonlySet<string>): SlaAlert[] {
  if (dismissed.has(alert.key) || alerts.some((shown) => shown.key === alert.key)) return alerts as SlaAlert[];
  // A newer alert about the same incident replaces the older one.
  const rest = alerts.filter((shown) => shown.incidentId !== alert.incidentId);
  return [alert, ...rest].slice(0, MAX_ALERTS);
}
