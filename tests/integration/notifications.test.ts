import { describe, expect, it } from 'vitest';
import type { FixtureUser } from '../support/fixtures.ts';
import { injectAs, seededTestApi } from '../support/app.ts';

// A user's notifications (SLA breaches, escalations, answers) are marked read at the API, so that
// the bell's count holds across sessions, browsers and reloads.

const t = seededTestApi();
const as = <T = any>(u: FixtureUser, method: 'GET' | 'POST', url: string, payload?: unknown) => injectAs<T>(t.api, u, method, url, payload);

/** Stores `n` notifications for `user`, oldest first; answers their ids, newest first (as listed). */
async function notify(user: FixtureUser, n: number): Promise<string[]> {
  const rows = await t.api.database.db.insertInto('notifications')
    .values(Array.from({ length: n }, (_, i) => ({ userId: user.id, incidentId: null, kind: 'sla.breached', message: `SLA missed: acknowledge deadline for "rumour ${i}"` })))
    .returning('id').execute();
  return rows.map((r) => r.id).reverse();
}

describe('notifications', () => {
  it('marks the ones listed read for their owner only, counts unread beyond the page, and marks all read', async () => {
    const mine = await notify(t.users.approver, 60);
    const theirs = await notify(t.users.lead, 2);

    const first = await as(t.users.approver, 'GET', '/api/v1/notifications?limit=50');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.unread).toBe(60);

    // Another user's notification among the ids is left alone.
    const marked = await as(t.users.approver, 'POST', '/api/v1/notifications/read', { ids: [mine[0], mine[1], theirs[0]] });
    expect(marked).toEqual({ status: 200, body: { marked: 2, unread: 58 } });
    const again = await as(t.users.approver, 'POST', '/api/v1/notifications/read', { ids: [mine[0]] });
    expect(again.body).toEqual({ marked: 0, unread: 58 });
    const after = await as(t.users.approver, 'GET', '/api/v1/notifications?limit=3');
    expect(after.body.items.map((n: { id: string; readAt: string | null }) => [n.id, n.readAt !== null])).toEqual([[mine[0], true], [mine[1], true], [mine[2], false]]);
    expect((await as(t.users.lead, 'GET', '/api/v1/notifications')).body.unread).toBe(2);

    const all = await as(t.users.approver, 'POST', '/api/v1/notifications/read', { all: true });
    expect(all.body).toEqual({ marked: 58, unread: 0 });
    expect((await as(t.users.approver, 'GET', '/api/v1/notifications')).body.items.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
    expect((await as(t.users.lead, 'GET', '/api/v1/notifications')).body.unread).toBe(2);
  });

  it('answers 400 naming the field for a body that is not ids or all', async () => {
    const cases: [unknown, string][] = [
      [{}, 'ids'],
      [{ ids: [] }, 'ids'],
      [{ ids: ['1'], all: true }, 'ids'],
      [{ ids: ['abc'] }, 'ids.0'],
      [{ ids: ['99999999999999999999'] }, 'ids.0'],
      [{ all: false }, 'all'],
      [{ all: true, extra: 1 }, 'extra'],
    ];
    for (const [body, path] of cases) {
      const res = await as(t.users.approver, 'POST', '/api/v1/notifications/read', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
  });
});
