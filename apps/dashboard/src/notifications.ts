import type { LiveEvent } from '@sitroom/core';
import type { NotificationItem } from './api.ts';
import { en } from './i18n/en.ts';
import type { MessageKey, Translate } from './i18n/translate.ts';
import { humanize } from './format.ts';

/** Events after which the user may have new notifications (breaches and their escalations). */
export function refreshesNotifications(event: Pick<LiveEvent, 'type'>): boolean {
  return event.type === 'sla.breached' || event.type === 'incident.updated';
}

/** The latest notifications, and how many of all of them are unread (the API's count, not only of these). */
export interface NotificationList {
  items: NotificationItem[];
  unread: number;
}

export function isUnread(item: NotificationItem): boolean {
  return item.readAt === null;
}

/**
 * The list once `which` (ids, or all) are marked read at `at`: what the API will answer, shown
 * before it has. Notifications read before keep their time; the unread count falls by those marked.
 */
export function withRead(list: NotificationList, which: readonly string[] | 'all', at: string): NotificationList {
  if (which === 'all') return { items: list.items.map((item) => (isUnread(item) ? { ...item, readAt: at } : item)), unread: 0 };
  const ids = new Set(which);
  let marked = 0;
  const items = list.items.map((item) => {
    if (!isUnread(item) || !ids.has(item.id)) return item;
    marked++;
    return { ...item, readAt: at };
  });
  return { items, unread: Math.max(0, list.unread - marked) };
}

/**
 * The list once a marking at `at` that the API refused is undone: the notifications it stamped are
 * unread again, and the count gets back `taken`, what the marking took off it. Pass 0 for `taken`
 * when the API's own count has arrived since (a refresh, another marking): that count already
 * holds what was refused. A refresh that replaced the list left nothing stamped `at` to undo.
 */
export function withoutRead(list: NotificationList, at: string, taken: number): NotificationList {
  return { items: list.items.map((item) => (item.readAt === at ? { ...item, readAt: null } : item)), unread: list.unread + taken };
}

/** "SLA missed" / "SLA incumplido" for `sla.breached`; a kind the catalogue does not know yet, humanized. */
export function notificationKindLabel(t: Translate, kind: string): string {
  const key = `notifKind.${kind}`;
  return key in en ? t(key as MessageKey) : humanize(kind.replace(/[._]/g, ' '));
}
