import { OPEN_INCIDENT_STATUSES, type Category, type IncidentStatus, type IncidentSummary, type Platform, type Priority, type Tlp } from '@sitroom/core';
import { formatDateTime as formatInLanguage, labelOf, type Language, type Translate } from './i18n/translate.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "3 min ago", "2 h ago", "4 d ago" (or "hace 3 min"): how long ago `iso` was, seen from `now`. */
export function formatAge(t: Translate, iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return t('time.justNow');
  if (elapsed < HOUR) return t('time.minAgo', { n: Math.floor(elapsed / MINUTE) });
  if (elapsed < DAY) return t('time.hAgo', { n: Math.floor(elapsed / HOUR) });
  return t('time.dAgo', { n: Math.floor(elapsed / DAY) });
}

/** A date and time in the reader's language ("1 May 2026, 14:05" / "1 may 2026, 14:05"). */
export function formatDateTime(language: Language, iso: string): string {
  return formatInLanguage(language, iso);
}

/** "voter_registration" → "Voter registration". */
export function humanize(value: string): string {
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function platformLabel(t: Translate, platform: Platform): string {
  return labelOf(t, 'platform', platform);
}

export function categoryLabel(t: Translate, category: Category): string {
  return labelOf(t, 'category', category);
}

/** The responder's word for a status ("Rebutted" / "Desmentido"). */
export function statusLabel(t: Translate, status: IncidentStatus): string {
  return labelOf(t, 'status', status);
}

/** "critical" for P1 … "low" for P4: the word said beside the badge's colour. */
export function priorityWord(t: Translate, priority: Priority): string {
  return labelOf(t, 'priority.word', priority);
}

export function priorityDescription(t: Translate, priority: Priority): string {
  return t('priority.description', { n: priority.slice(1), word: priorityWord(t, priority) });
}

export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

/** "under 1 min", "12 min", "2 h 5 min", "3 d 4 h" ("menos de 1 min"…). */
export function formatDuration(t: Translate, ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return t('duration.underMinute');
  if (minutes < 60) return t('duration.min', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? t('duration.hMin', { h: hours, m: minutes % 60 }) : t('duration.h', { h: hours });
  const days = Math.floor(hours / 24);
  return hours % 24 ? t('duration.dH', { d: days, h: hours % 24 }) : t('duration.d', { d: days });
}

export interface SlaClock {
  /** Which deadline runs now. */
  clock: 'acknowledge' | 'rebuttal';
  dueAt: string;
  breached: boolean;
  text: string;
  tone: 'ok' | 'soon' | 'breached';
}

const SOON_MS = 5 * MINUTE;
const OPEN: ReadonlySet<string> = new Set(OPEN_INCIDENT_STATUSES);

/**
 * The SLA deadline an open incident is running against: acknowledgement until someone acknowledges,
 * then the rebuttal. Null when no clock runs (closed, or the API sent no SLA).
 */
export function currentSlaClock(t: Translate, incident: IncidentSummary, now: number): SlaClock | null {
  const { sla } = incident;
  if (!sla || !OPEN.has(incident.status)) return null;
  const running =
    !incident.acknowledgedAt && sla.acknowledgeBy
      ? { clock: 'acknowledge' as const, dueAt: sla.acknowledgeBy, breachedAt: sla.acknowledgeBreachedAt }
      : !incident.rebuttedAt && sla.rebuttalBy
        ? { clock: 'rebuttal' as const, dueAt: sla.rebuttalBy, breachedAt: sla.rebuttalBreachedAt }
        : null;
  if (!running) return null;
  const remaining = Date.parse(running.dueAt) - now;
  if (Number.isNaN(remaining)) return null;
  const breached = Boolean(running.breachedAt) || remaining <= 0;
  return {
    clock: running.clock,
    dueAt: running.dueAt,
    breached,
    text: t(`sla.${running.clock}.${breached ? 'overdue' : 'due'}`, { duration: formatDuration(t, remaining) }),
    tone: breached ? 'breached' : remaining <= SOON_MS ? 'soon' : 'ok',
  };
}

/** The URL if it is an absolute http(s) link that is safe to put in an href; null otherwise. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
