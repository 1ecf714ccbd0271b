import type { IncidentSummary, LiveEvent } from '@sitroom/core';
import type { Translate } from './i18n/translate.ts';

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
export function escalationLabel(t: Translate, level: number): string | null {
  if (level >= 2) return t('sla.escalatedLead');
  if (level === 1) return t('sla.escalatedApprovers');
  return null;
}

export interface SlaMissedMark {
  /** "SLA missed" / "SLA incumplido". */
  text: string;
  escalation: string | null;
}

/** The red "SLA missed" mark of a row: the API marked a breach, or a breach event came in this session. */
export function slaMissedMark(t: Translate, incident: IncidentSummary, breachEventSeen: boolean): SlaMissedMark | null {
  if (!breachEventSeen && !missedDeadline(incident)) return null;
  return { text: t('sla.missed'), escalation: escalationLabel(t, incident.sla.escalationLevel) };
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
  clock: SlaClockName;
  dueAt: string;
  escalationLevel: number;
}

/**
 * The alert an `sla.breached` event raises. It keeps the facts, not the words, so the alert reads in
 * the language chosen when it is shown: see `slaAlertMessage`.
 */
export function slaAlertFromEvent(event: LiveEvent): SlaAlert | null {
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
    clock: missed.clock,
    dueAt: missed.dueAt,
    escalationLevel: level,
  };
}

/** "SLA missed: acknowledgement of '…' was due at 14:05" / "SLA incumplido: el acuse de recibo de «…» vencía a las 14:05". */
export function slaAlertMessage(t: Translate, alert: SlaAlert, timeZone?: string): string {
  return t(alert.clock === 'rebuttal' ? 'sla.alert.rebuttal' : 'sla.alert.acknowledgement', {
    title: alert.title,
    time: formatClockTime(alert.dueAt, timeZone),
  });
}

const MAX_ALERTS = 5;

/** Adds an alert on top unless it is shown or was dismissed already; keeps the newest few. */
export function addSlaAlert(alerts: readonly SlaAlert[], alert: SlaAlert, dismissed: ReadonlySet<string>): SlaAlert[] {
  if (dismissed.has(alert.key) || alerts.some((shown) => shown.key === alert.key)) return alerts as SlaAlert[];
  // A newer alert about the same incident replaces the older one.
  const rest = alerts.filter((shown) => shown.incidentId !== alert.incidentId);
  return [alert, ...rest].slice(0, MAX_ALERTS);
}
