import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { io, type Socket } from 'socket.io-client';
import { NOTIFY_QUEUE, redisConnectionOptions, slaJobId, type LiveEvent } from '@sitroom/core';
import { createUser, hashPassword } from '@sitroom/db';
import { eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';

const SECRET = 'desk-webhook-secret-for-tests';
let stack: Stack;
let fx: Fixture;
let admin: ReturnType<typeof userClient>;
let responder: ReturnType<typeof userClient>;
let approver: { email: string; password: string };
let lead: { email: string; password: string };
let receiver: Server;
let received: { headers: Record<string, string | string[] | undefined>; body: string; status: number }[] = [];
let socket: Socket;
const liveEvents: LiveEvent[] = [];
let notifyQueue: Queue;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { WEBHOOK_BACKOFF_MS: '100', DASHBOARD_URL: 'https://sitroom.example.org/' } });
  fx = await seedFixture(stack.db);
  const hash = await hashPassword('test-password-1');
  await createUser(stack.db, { organisationId: fx.emb.id, email: 'approver@test.sitroom', name: 'Approver', passwordHash: hash, roles: ['approver'], deskId: fx.deskId });
  await createUser(stack.db, { organisationId: fx.emb.id, email: 'lead@test.sitroom', name: 'Lead', passwordHash: hash, roles: ['lead'], deskId: null });
  approver = { email: 'approver@test.sitroom', password: 'test-password-1' };
  lead = { email: 'lead@test.sitroom', password: 'test-password-1' };
  admin = userClient(stack.baseUrl, await signIn(stack.baseUrl, fx.admin.email, fx.admin.password));
  const responderCookie = await signIn(stack.baseUrl, fx.responder.email, fx.responder.password);
  responder = userClient(stack.baseUrl, responderCookie);

  // A local webhook receiver: the very first delivery fails (500), the rest succeed.
  let calls = 0;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls += 1;
      const status = calls === 1 ? 500 : 204;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as { port: number }).port;
  const hook = await admin('PUT', `/api/v1/admin/desks/${fx.deskId}/webhook`, { url: `http://127.0.0.1:${port}/hooks/sitroom`, secret: SECRET });
  expect(hook.status).toBe(200);

  // Far-off polling day (no proximity points); P1 from 50, so one filer is P4 and two are P1.
  const election = await admin('POST', '/api/v1/admin/elections', {
    name: 'SLA test election', pollingDay: '2030-01-01', timezone: 'UTC', active: true,
    settings: {
      cutoffs: { P1: 50, P2: 47, P3: 46 },
      sla: {
        P1: { acknowledgeMinutes: 0.05, rebuttalMinutes: 600 },
        P2: { acknowledgeMinutes: 600, rebuttalMinutes: 600 },
        P3: { acknowledgeMinutes: 600, rebuttalMinutes: 600 },
        P4: { acknowledgeMinutes: 600, rebuttalMinutes: 600 },
      },
      escalateAfterMinutes: 0.05,
    },
  });
  expect(election.status).toBe(201);

  socket = io(stack.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: responderCookie } });
  socket.on('sla.breached', (e: LiveEvent) => liveEvents.push(e));
  await new Promise((r) => socket.on('ready', r));
  notifyQueue = new Queue(NOTIFY_QUEUE, { connection: redisConnectionOptions(TEST_REDIS_URL), prefix: `${stack.redisPrefix}:bull` });
});

afterAll(async () => {
  socket?.close();
  await notifyQueue?.close();
  await new Promise((r) => receiver?.close(r));
  await stack?.stop();
});

/** Two organisations report the same link: P4 at first, P1 once corroborated. */
async function corroboratedIncident() {
  const url = `https://www.facebook.com/tribunal/posts/${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const first = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ urls: [url] }));
  const p4 = await eventually(async () => {
    const r = await stack.db.selectFrom('reports').innerJoin('incidents', 'incidents.id', 'reports.incidentId')
      .select(['incidents.id', 'incidents.priority', 'incidents.slaAckDueAt', 'incidents.triagedAt']).where('reports.id', '=', first.body.id).executeTakeFirst();
    return r;
  }, 'first triage');
  expect(p4.priority).toBe('P4');
  expect(p4.slaAckDueAt!.getTime() - p4.triagedAt!.getTime()).toBe(600 * 60_000);
  const second = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport({ urls: [url] }));
  const p1 = await eventually(async () => {
    // The report first, then the incident: read the other way round, a triage committing in between
    // would pair the new report status with the incident as it was before.
    const joined = await stack.db.selectFrom('reports').select('status').where('id', '=', second.body.id).executeTakeFirst();
    if (joined?.status !== 'triaged') return undefined;
    return stack.db.selectFrom('incidents').selectAll().where('id', '=', p4.id).executeTakeFirst();
  }, 'second triage');
  expect(p1!.priority).toBe('P1');
  return p1!;
}

function slaJobState(incident: { id: string; slaAckDueAt: Date | null }) {
  return eventually(async () => {
    const job = await notifyQueue.getJob(slaJobId(incident.id, 'acknowledge', incident.slaAckDueAt!));
    const state = await job?.getState();
    return state === 'completed' ? job!.returnvalue as { fired: boolean; reason: string } : undefined;
  }, 'the acknowledgement deadline job to run', 30_000);
}

describe('SLA clocks, escalation and desk webhooks', () => {
  it('a priority change recomputes the clock; the missed deadline breaches once, escalates to approvers then the lead, and goes out live and by webhook', async () => {
    const incident = await corroboratedIncident();
    expect(incident.priority).toBe('P1');
    // Recomputed from the time of triage with the new priority.
    expect(incident.slaAckDueAt!.getTime() - incident.triagedAt!.getTime()).toBe(3_000);

    const breached = await eventually(async () => {
      const r = await stack.db.selectFrom('incidents').selectAll().where('id', '=', incident.id).executeTakeFirst();
      return r?.escalationLevel === 2 ? r : undefined;
    }, 'breach and escalation', 30_000);
    expect(breached.slaAckBreachedAt).not.toBeNull();
    expect(breached.slaRebuttalBreachedAt).toBeNull();

    // Fires once, even if the deadline job runs again (the reconciler re-adds lost jobs).
    await notifyQueue.add('sla-check', { incidentId: incident.id, clock: 'acknowledge', dueAt: incident.slaAckDueAt!.toISOString() }, { jobId: `again-${incident.id}` });
    const again = await eventually(async () => {
      const job = await notifyQueue.getJob(`again-${incident.id}`);
      return (await job?.getState()) === 'completed' ? job!.returnvalue : undefined;
    }, 'the repeated deadline job');
    expect(again).toEqual({ fired: false, reason: 'already breached' });
    const audit = await stack.db.selectFrom('auditEvents').select('action').where('entityId', '=', incident.id).execute();
    expect(audit.filter((a) => a.action === 'sla.breached')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'sla.escalated')).toHaveLength(1);
    expect(audit.map((a) => a.action)).toContain('incident.reprioritised');

    const approverInbox = await userClient(stack.baseUrl, await signIn(stack.baseUrl, approver.email, approver.password))('GET', '/api/v1/notifications');
    expect(approverInbox.body.items.map((n: { kind: string; incidentId: string }) => [n.kind, n.incidentId])).toEqual([['sla.breached', incident.id]]);
    const leadInbox = await userClient(stack.baseUrl, await signIn(stack.baseUrl, lead.email, lead.password))('GET', '/api/v1/notifications');
    expect(leadInbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(['sla.escalated']);
    expect((await responder('GET', '/api/v1/notifications')).body.items).toEqual([]);

    const live = await eventually(async () => liveEvents.find((e) => e.incidentId === incident.id), 'sla.breached on the socket');
    expect(live.incident.sla.acknowledgeBreachedAt).not.toBeNull();

    const detail = await responder('GET', `/api/v1/incidents/${incident.id}`);
    expect(detail.body.timeline.map((t: { action: string }) => t.action)).toEqual(expect.arrayContaining(['sla.breached', 'sla.escalated']));

    // Webhooks: signed, the failed first attempt retried, every attempt logged.
    const breachHook = await eventually(async () => received.find((r) => r.headers['x-sitroom-event'] === 'sla.breached' && r.body.includes(incident.id)), 'the sla.breached webhook');
    const ts = String(breachHook.headers['x-sitroom-timestamp']);
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${breachHook.body}`).digest('hex')}`;
    expect(breachHook.headers['x-sitroom-signature']).toBe(expected);
    expect(JSON.parse(breachHook.body)).toMatchObject({ type: 'sla.breached', url: `https://sitroom.example.org/#/incidents/${incident.id}`, data: { clock: 'acknowledge', incident: { id: incident.id } } });

    const deliveries = await eventually(async () => {
      const res = await admin('GET', `/api/v1/admin/webhook-deliveries?desk=${fx.deskId}`);
      const items = res.body.items as { attempt: number; succeeded: boolean; statusCode: number | null; deliveryId: string }[];
      return items.some((d) => !d.succeeded) && items.some((d) => d.succeeded && d.attempt === 2) ? items : undefined;
    }, 'the failed attempt and its successful retry to be logged');
    const failed = deliveries.find((d) => !d.succeeded)!;
    expect(failed.statusCode).toBe(500);
    expect(deliveries.find((d) => d.deliveryId === failed.deliveryId && d.succeeded)?.attempt).toBe(2);
    expect((await responder('GET', '/api/v1/admin/webhook-deliveries')).status).toBe(403);
  });

  it('an acknowledged incident does not breach its acknowledgement deadline', async () => {
    const incident = await corroboratedIncident();
    const ack = await responder('POST', `/api/v1/incidents/${incident.id}/acknowledge`, {});
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    expect(await slaJobState(incident)).toEqual({ fired: false, reason: 'clock met' });
    const row = await stack.db.selectFrom('incidents').select(['slaAckBreachedAt', 'escalationLevel']).where('id', '=', incident.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ slaAckBreachedAt: null, escalationLevel: 0 });
    expect((await responder('POST', `/api/v1/incidents/${incident.id}/acknowledge`, {})).status).toBe(409);
  });

  it('a dismissed incident stops its clocks', async () => {
    const incident = await corroboratedIncident();
    await stack.db.updateTable('incidents').set({ status: 'dismissed' }).where('id', '=', incident.id).execute();
    expect(await slaJobState(incident)).toEqual({ fired: false, reason: 'clock stopped: dismissed' });
  });
});
