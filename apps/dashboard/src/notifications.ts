import type { LiveEvent } from '@sitroom/core';
import type { NotificationItem } from './api.ts';

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
