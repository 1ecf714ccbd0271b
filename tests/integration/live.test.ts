import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { LiveEvent } from '@sitroom/core';
import { createUser, hashPassword } from '@sitroom/db';
import { addRoleUsers, eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';

let stack: Stack;
let fx: Fixture;
let cookie: string;
let roleUsers: Awaited<ReturnType<typeof addRoleUsers>>;

beforeAll(async () => {
  stack = await startStack();
  fx = await seedFixture(stack.db);
  roleUsers = await addRoleUsers(stack.db, fx);
  cookie = await signIn(stack.baseUrl, fx.responder.email, fx.responder.password);
});
afterAll(async () => {
  await stack?.stop();
});

/** A dashboard-like socket.io client that records every event it receives. */
function connect(options: { cookie?: string; lastEventId?: number; baseUrl?: string; scope?: 'organisation' } = {}) {
  const events: LiveEvent[] = [];
  const ready: { latestEventId: number }[] = [];
  const socket: Socket = io(options.baseUrl ?? stack.baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
    auth: { ...(options.lastEventId === undefined ? {} : { lastEventId: options.lastEventId }), ...(options.scope ? { scope: options.scope } : {}) },
  });
  for (const name of ['incident.created', 'incident.updated', 'report.added', 'sla.breached']) {
    socket.on(name, (e: LiveEvent) => events.push(e));
  }
  socket.on('ready', (r: { latestEventId: number }) => ready.push(r));
  return { socket, events, ready };
}

/** Resolves with why the server closed the socket, and then with what connecting again got: ready, or the refusal. */
async function closedThenReconnected(client: ReturnType<typeof connect>, close: () => Promise<void>): Promise<{ reason: string; again: string }> {
  const closed = new Promise<string>((resolve) => {
    client.socket.once('disconnect', (reason) => resolve(reason));
    setTimeout(() => resolve('still connected 10 s later'), 10_000).unref();
  });
  await close();
  const reason = await closed;
  if (reason !== 'io server disconnect') return { reason, again: 'not tried' };
  const readyBefore = client.ready.length;
  const again = new Promise<string>((resolve) => {
    client.socket.once('connect_error', (error) => resolve(error.message));
    client.socket.once('ready', () => resolve('ready'));
  });
  client.socket.connect();
  const outcome = await again;
  expect(client.ready.length).toBe(outcome === 'ready' ? readyBefore + 1 : readyBefore);
  return { reason, again: outcome };
}

describe('live events over socket.io', () => {
  it('refuses a socket without a signed-in user', async () => {
    const { socket } = connect();
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    socket.close();
  });

  it('pushes incident.created, then incident.updated with the rising counts', async () => {
    const client = connect({ cookie });
    try {
      await eventually(async () => client.ready.length > 0, 'the socket to be ready');
      const url = `https://www.tiktok.com/@someone/video/${Date.now()}`;
      // The intake request's id (the client's x-request-id, or one the API makes) follows the report to the socket.
      const requestId = `live-test-${Date.now()}`;
      const first = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ urls: [url] }), { 'x-request-id': requestId });
      const created = await eventually(async () => client.events.find((e) => e.type === 'incident.created' && e.reportId === first.body.id), 'incident.created');
      expect(created.incident).toMatchObject({ reportCount: 1, organisationCount: 1, status: 'triaged' });
      expect(created.incident).not.toHaveProperty('claimNorm');
      expect(created.requestId).toBe(requestId);

      const second = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport({ urls: [`${url}?is_from_webapp=1`] }));
      const updated = await eventually(async () => client.events.find((e) => e.type === 'incident.updated' && e.reportId === second.body.id), 'incident.updated');
      expect(updated.incidentId).toBe(created.incidentId);
      expect(updated.version).toBeGreaterThan(created.version);
      expect(updated.eventId).toBeGreaterThan(created.eventId);
      expect(updated.incident).toMatchObject({ reportCount: 2, organisationCount: 2 });
      // No x-request-id sent: the API made one, answered it in the header, and the event carries it.
      expect(updated.requestId).toBe(second.headers.get('x-request-id'));
    } finally {
      client.socket.close();
    }
  });

  it('replays what a dashboard missed while disconnected, then says ready', async () => {
    const first = connect({ cookie });
    const latest = (await eventually(async () => first.ready[0], 'ready')).latestEventId;
    first.socket.close();

    const missed = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    await eventually(async () => {
      const r = await stack.db.selectFrom('reports').select('status').where('id', '=', missed.body.id).executeTakeFirst();
      return r?.status === 'triaged';
    }, 'the missed report to be triaged');

    const again = connect({ cookie, lastEventId: latest });
    try {
      await eventually(async () => again.ready.length > 0, 'ready after reconnect');
      const replayed = again.events.filter((e) => e.reportId === missed.body.id);
      expect(replayed).toHaveLength(1);
      expect(replayed[0]!.eventId).toBeGreaterThan(latest);
      expect(again.ready[0]!.latestEventId).toBeGreaterThanOrEqual(replayed[0]!.eventId);
    } finally {
      again.socket.close();
    }

    const res = await fetch(`${stack.baseUrl}/api/v1/events?after=${latest}`, { headers: { cookie } });
    const body = (await res.json()) as { events: LiveEvent[] };
    expect(body.events.map((e) => e.reportId)).toContain(missed.body.id);
  });

  it('gives a socket that asks for its organisation\'s events only (My reports) none of the queue\'s', async () => {
    const queue = connect({ cookie });
    const own = connect({ cookie, scope: 'organisation' });
    try {
      await eventually(async () => queue.ready.length > 0 && own.ready.length > 0, 'the sockets to be ready');
      // Another organisation's reports: the responder's queue hears them, their organisation's screen does not.
      const first = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
      await eventually(async () => queue.events.find((e) => e.reportId === first.body.id), 'the queue to hear the first report');
      const second = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
      await eventually(async () => queue.events.find((e) => e.reportId === second.body.id), 'the queue to hear the second report');
      expect(own.events.filter((e) => e.reportId === first.body.id || e.incidentId === queue.events[0]?.incidentId)).toEqual([]);
      expect(own.socket.connected).toBe(true);
    } finally {
      queue.socket.close();
      own.socket.close();
    }
  });

  it('tells the My reports socket of an EMB responder who filed a report that it was answered', async () => {
    const password = 'a-password-for-the-filer';
    const filer = await createUser(stack.db, {
      organisationId: fx.emb.id, email: 'filer@test.sitroom', name: 'Filer', passwordHash: await hashPassword(password), roles: ['responder', 'reporter'], deskId: fx.deskId,
    });
    const filerCookie = await signIn(stack.baseUrl, filer.email, password);
    const own = connect({ cookie: filerCookie, scope: 'organisation' });
    try {
      await eventually(async () => own.ready.length > 0, 'the socket to be ready');
      const asFiler = userClient(stack.baseUrl, filerCookie);
      const filed = await asFiler('POST', '/api/v1/reports', newReport());
      expect(filed.status).toBe(202);
      const incidentId = await eventually(async () => (await asFiler('GET', `/api/v1/reports/${filed.body.id}`)).body.incidentId as string | null, 'the report to be triaged');
      const responder = userClient(stack.baseUrl, cookie);
      const approver = userClient(stack.baseUrl, await signIn(stack.baseUrl, roleUsers.approver.email, roleUsers.approver.password));
      const draft = await responder('POST', `/api/v1/incidents/${incidentId}/rebuttals`, { text: 'Es falso.', language: 'es', verdict: 'false' });
      expect(draft.status).toBe(201);
      expect((await approver('POST', `/api/v1/incidents/${incidentId}/rebuttals/${draft.body.id}/approve`, {})).status).toBe(200);
      expect((await approver('POST', `/api/v1/incidents/${incidentId}/rebuttals/${draft.body.id}/publish`, {})).status).toBe(200);
      const answered = await eventually(async () => own.events.find((e) => e.incidentId === incidentId && e.incident.status === 'rebutted'), 'the answer on My reports');
      expect(answered.type).toBe('incident.updated');
    } finally {
      own.socket.close();
    }
  });

  it('closes a dashboard socket when its session signs out, and refuses it after', async () => {
    const own = await signIn(stack.baseUrl, fx.responder.email, fx.responder.password);
    const client = connect({ cookie: own });
    try {
      await eventually(async () => client.ready.length > 0, 'the socket to be ready');
      // Another session of the same user stays connected.
      const other = connect({ cookie });
      await eventually(async () => other.ready.length > 0, 'the other session to be ready');
      const outcome = await closedThenReconnected(client, async () => {
        expect((await userClient(stack.baseUrl, own)('DELETE', '/api/v1/auth/session')).status).toBe(204);
      });
      expect(outcome).toEqual({ reason: 'io server disconnect', again: 'unauthorized' });
      expect(other.socket.connected).toBe(true);
      other.socket.close();
    } finally {
      client.socket.close();
    }
  });

  it('reconnects a user whose roles an admin changed into what the new roles see, and signs out one whose password changed', async () => {
    const { approver, approver2 } = roleUsers;
    const admin = userClient(stack.baseUrl, await signIn(stack.baseUrl, fx.admin.email, fx.admin.password));
    const demoted = connect({ cookie: await signIn(stack.baseUrl, approver.email, approver.password) });
    const repassworded = connect({ cookie: await signIn(stack.baseUrl, approver2.email, approver2.password) });
    try {
      await eventually(async () => demoted.ready.length > 0 && repassworded.ready.length > 0, 'the sockets to be ready');
      const first = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
      await eventually(async () => demoted.events.find((e) => e.type === 'incident.created' && e.reportId === first.body.id), 'the approver to see a new incident');

      const demotion = await closedThenReconnected(demoted, async () => {
        expect((await admin('PATCH', `/api/v1/admin/users/${approver.id}`, { roles: ['reporter'] })).status).toBe(200);
      });
      expect(demotion).toEqual({ reason: 'io server disconnect', again: 'ready' });
      // As a reporter of the EMB, another organisation's new incident is no longer theirs to see.
      const second = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
      await eventually(async () => repassworded.events.find((e) => e.type === 'incident.created' && e.reportId === second.body.id), 'the other approver to see it');
      expect(demoted.events.filter((e) => e.reportId === second.body.id)).toEqual([]);

      const reset = await closedThenReconnected(repassworded, async () => {
        expect((await admin('PATCH', `/api/v1/admin/users/${approver2.id}`, { password: 'a-new-password-for-the-test' })).status).toBe(200);
      });
      expect(reset).toEqual({ reason: 'io server disconnect', again: 'unauthorized' });
    } finally {
      demoted.socket.close();
      repassworded.socket.close();
    }
  });
});

describe('the periodic session check', () => {
  // A stack of its own whose API re-checks its sockets every second (60 s by default); the tests
  // above run with the default, so they see the instant close, not this check.
  let checked: Stack;
  let cfx: Fixture;
  let leadUser: Awaited<ReturnType<typeof addRoleUsers>>['lead'];
  beforeAll(async () => {
    checked = await startStack({ apiEnv: { LIVE_SESSION_CHECK_SECONDS: '1' } });
    cfx = await seedFixture(checked.db);
    ({ lead: leadUser } = await addRoleUsers(checked.db, cfx));
  });
  afterAll(async () => {
    await checked?.stop();
  });

  it('closes, at its next check, a socket whose close request was lost: an expired session, a user whose roles changed', async () => {
    const lead = connect({ baseUrl: checked.baseUrl, cookie: await signIn(checked.baseUrl, leadUser.email, leadUser.password) });
    const reporter = connect({ baseUrl: checked.baseUrl, cookie: await signIn(checked.baseUrl, cfx.reporter.email, cfx.reporter.password) });
    try {
      await eventually(async () => lead.ready.length > 0 && reporter.ready.length > 0, 'the sockets to be ready');
      // Changed in the database alone, as when the admin's change was made while Redis was down:
      // no request to close the sockets went out.
      const demotion = await closedThenReconnected(lead, async () => {
        await checked.db.updateTable('users').set({ roles: ['reporter'] }).where('id', '=', leadUser.id).execute();
      });
      expect(demotion).toEqual({ reason: 'io server disconnect', again: 'ready' });
      const expiry = await closedThenReconnected(reporter, async () => {
        await checked.db.updateTable('sessions').set({ expiresAt: new Date(Date.now() - 1_000) }).where('userId', '=', cfx.reporter.id).execute();
      });
      expect(expiry).toEqual({ reason: 'io server disconnect', again: 'unauthorized' });
    } finally {
      lead.socket.close();
      reporter.socket.close();
    }
  });
});
