import type { LiveEvent } from '@sitroom/core';
import type { NotificationItem } from './api.ts';
import { en } from './i18n/en.ts';
import type { MessageKey, Translate } from './i18n/translate.ts';
import { humanize } from './format.ts';

/** Events after which the user may have new notifications (breaches and their escalations). */
export function refreshesNotifications(event: Pick<LiveEvent, 'type'>): boolean {
  return event.type === 'sla.breached' || event.type === 'incident.updated';
}

/** Unread: the API has no read time for it and it was not opened here yet. */
export function isUnread(item: NotificationItem, openedHere: ReadonlySet<string>): boolean {
  return item.readAt === null && !openedHere.has(item.id);
}

export function unreadCount(items: readonly NotificationItem[], openedHere: ReadonlySet<string>): number {
  return items.filter((item) => isUnread(item, openedHere)).length;
}

/** "SLA missed" / "SLA incumplido" for `sla.breached`; a kind the catalogue does not know yet, humanized. */
export function notificationKindLabel(t: Translate, kind: string): string {
  const key = `notifKind.${kind}`;
  return key in en ? t(key as MessageKey) : humanize(kind.replace(/[._]/g, ' '));
}
