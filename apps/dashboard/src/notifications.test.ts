import { describe, expect, it } from 'vitest';
import type { NotificationItem } from './api.ts';
import { refreshesNotifications, unreadCount } from './notifications.ts';

const item = (id: string, readAt: string | null = null): NotificationItem => ({
  id, incidentId: null, kind: 'sla.breached', message: 'm', createdAt: '2026-05-01T10:00:00.000Z', readAt,
});

describe('notifications', () => {
  it('counts what is neither read at the API nor opened here', () => {
    const items = [item('a'), item('b', '2026-05-01T10:01:00.000Z'), item('c')];
    expect(unreadCount(items, new Set())).toBe(2);
    expect(unreadCount(items, new Set(['a']))).toBe(1);
  });

  it('refreshes on breaches and updates only', () => {
    expect(refreshesNotifications({ type: 'sla.breached' })).toBe(true);
    expect(refreshesNotifications({ type: 'incident.updated' })).toBe(true);
    expect(refreshesNotifications({ type: 'report.added' })).toBe(false);
    expect(refreshesNotifications({ type: 'incident.created' })).toBe(false);
  });
});
