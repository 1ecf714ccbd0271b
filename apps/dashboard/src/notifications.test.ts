import { describe, expect, it } from 'vitest';
import type { NotificationItem } from './api.ts';
import { notificationKindLabel, refreshesNotifications, withRead, withoutRead } from './notifications.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const item = (id: string, readAt: string | null = null): NotificationItem => ({
  id, incidentId: null, kind: 'sla.breached', message: 'm', createdAt: '2026-05-01T10:00:00.000Z', readAt,
});

describe('notifications', () => {
  it('marks the ones opened read at once, keeping earlier read times and the count of unread ones not listed', () => {
    const list = { items: [item('a'), item('b', '2026-05-01T10:01:00.000Z'), item('c')], unread: 7 };
    const at = '2026-05-01T11:00:00.000Z';
    const one = withRead(list, ['a', 'b', 'zz'], at);
    expect(one.items.map((i) => i.readAt)).toEqual([at, '2026-05-01T10:01:00.000Z', null]);
    expect(one.unread).toBe(6);
    expect(list.items[0]!.readAt).toBeNull();
    const all = withRead(one, 'all', '2026-05-01T12:00:00.000Z');
    expect(all.items.map((i) => i.readAt)).toEqual([at, '2026-05-01T10:01:00.000Z', '2026-05-01T12:00:00.000Z']);
    expect(all.unread).toBe(0);
    expect(withRead({ items: [], unread: 0 }, ['a'], at).unread).toBe(0);
  });

  it('undoes a refused marking only: what it stamped, and its count unless the API sent one since', () => {
    const list = { items: [item('a'), item('b'), item('c')], unread: 9 };
    const first = '2026-05-01T11:00:00.000Z';
    const second = '2026-05-01T11:00:01.000Z';
    const one = withRead(list, ['a'], first);
    const both = withRead(one, ['b'], second);
    // The first is refused, the second stands.
    const undone = withoutRead(both, first, list.unread - one.unread);
    expect(undone.items.map((i) => i.readAt)).toEqual([null, second, null]);
    expect(undone.unread).toBe(8);
    // A refresh came in between: its items and count are the API's, and are left as they are.
    const refreshed = { items: [item('a'), item('b', '2026-05-01T10:59:00.000Z'), item('c')], unread: 8 };
    expect(withoutRead(refreshed, first, 0)).toEqual(refreshed);
    // Marking all, then refused: every one it stamped is unread again, and the count is back.
    const all = withRead(list, 'all', first);
    expect(withoutRead(all, first, list.unread - all.unread)).toEqual(list);
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
