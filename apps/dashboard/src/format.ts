import { OPEN_INCIDENT_STATUSES, type Category, type IncidentStatus, type IncidentSummary, type Platform, type Priority, type Tlp } from '@sitroom/core';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "3 min ago", "2 h ago", "4 d ago": how long ago `iso` was, seen from `now`. */
export function formatAge(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  return `${Math.floor(elapsed / DAY)} d ago`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : dateTime.format(then);
}

/** "voter_registration" → "Voter registration". */
export function humanize(value: string): string {
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const PLATFORM_LABELS: Record<Platform, string> = {
  facebook: 'Facebook', x: 'X', tiktok: 'TikTok', whatsapp: 'WhatsApp', telegram: 'Telegram',
  youtube: 'YouTube', instagram: 'Instagram', radio: 'Radio', tv: 'TV', print: 'Print', web: 'Web', other: 'Other',
};

export function platformLabel(platform: Platform): string {
  return PLATFORM_LABELS[platform] ?? humanize(platform);
}

const CATEGORY_LABELS: Partial<Record<Category, string>> = {
  emb_integrity: 'EMB integrity',
  candidates_parties: 'Candidates & parties',
  coordinated_inauthentic: 'Coordinated inauthentic',
};

export function categoryLabel(category: Category): string {
  return CATEGORY_LABELS[category] ?? humanize(category);
}

export function statusLabel(status: IncidentStatus): string {
  return humanize(status);
}

const PRIORITY_WORDS: Record<Priority, string> = { P1: 'critical', P2: 'high', P3: 'medium', P4: 'low' };

/** "critical" for P1 … "low" for P4: the word said beside the badge's colour. */
export function priorityWord(priority: Priority): string {
  return PRIORITY_WORDS[priority];
}

export function priorityDescription(priority: Priority): string {
  return `Priority ${priority.slice(1)}, ${PRIORITY_WORDS[priority]}`;
}

export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "under 1 min", "12 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
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
export function currentSlaClock(incident: IncidentSummary, now: number): SlaClock | null {
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
  const label = running.clock === 'acknowledge' ? 'Ack' : 'Rebuttal';
  const breached = Boolean(running.breachedAt) || remaining <= 0;
  return {
    clock: running.clock,
    dueAt: running.dueAt,
    breached,
    text: breached ? `${label} overdue ${formatDuration(remaining)}` : `${label} due in ${formatDuration(remaining)}`,
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
