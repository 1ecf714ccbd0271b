import { describe, expect, it } from 'vitest';
import type { NotificationItem } from './api.ts';
import { notificationKindLabel, refreshesNotifications, unreadCount } from './notifications.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

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

  it('names the kind in the chosen language, humanizing kinds it does not know', () => {
    const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);
    const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);
    expect(notificationKindLabel(en, 'sla.escalated')).toBe('Escalated');
    expect(notificationKindLabel(es, 'sla.breached')).toBe('SLA incumplido');
    expect(notificationKindLabel(es, 'some.new_kind')).toBe('Some new kind');
  });
});
