import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import type { LiveEvent } from '@sitroom/core';
import { connectLive, type ConnectionState } from '../../apps/dashboard/src/live.ts';
import { eventually, newReport, seedFixture } from '../support/fixtures.ts';
import { PrivateRedis } from '../support/redis.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { freePort, postReport, signIn, startStack, type Stack } from '../support/stack.ts';

let stack: Stack | undefined;
let redis: PrivateRedis | undefined;
let proxy: TcpProxy | undefined;
const closers: (() => void)[] = [];

beforeEach(() => {
  // connectLive is browser code: it reads navigator.onLine and listens for online/offline on window.
  vi.stubGlobal('navigator', { onLine: true });
  vi.stubGlobal('window', new EventTarget());
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await stack?.stop();
  await redis?.kill();
  await proxy?.close();
  stack = undefined;
  redis = undefined;
  proxy = undefined;
  vi.unstubAllGlobals();
});

/**
 * The dashboard's own live connection (apps/dashboard/src/live.ts, batching on) over a real
 * socket.io client, recording what reaches the screen. The test never reconnects it itself.
 */
function dashboard(baseUrl: string, cookie: string) {
  const events: LiveEvent[] = [];
  const states: ConnectionState[] = [];
  const connection = connectLive(
    {
      onEvent: (event) => events.push(event),
      onReady: () => {},
      onState: (state) => states.push(state),
      // connectLive shows `offline` first, which the state assertions report.
      onUnauthorized: () => {},
      checkSession: async () => true,
    },
    { connect: (options) => io(baseUrl, { ...options, transports: ['websocket'], extraHeaders: { cookie } }), resyncSpreadMs: 200 },
  );
  closers.push(() => connection.close());
  return { events, states };
}

type Dashboard = ReturnType<typeof dashboard>;

const eventFor = (client: Dashboard, reportId: string) => client.events.find((e) => e.reportId === reportId);

async function triaged(s: Stack, reportId: string) {
  const row = await s.db.selectFrom('reports').select('status').where('id', '=', reportId).executeTakeFirst();
  return row?.status === 'triaged';
}

/** Files a report while live events flow normally and waits for the dashboard to show it. */
async function warmUp(s: Stack, client: Dashboard, apiKey: string) {
  await eventually(async () => client.states.at(-1) === 'live', 'the dashboard to go live');
  const res = await postReport(s.baseUrl, apiKey, newReport());
  expect(res.status).toBe(202);
  await eventually(async () => eventFor(client, res.body.id), 'the first report to reach the dashboard live');
}

describe('live events after the API loses its Redis subscription', () => {
  it('a dashboard gets an event broadcast while its API was cut off from Redis, through the resync replay', async () => {
    // Only the API reaches Redis through the proxy: the worker keeps triaging and broadcasting, and
    // what it broadcasts while the proxy is shut never reaches the API's subscription.
    const redisUrl = new URL(TEST_REDIS_URL);
    proxy = new TcpProxy(await freePort(), { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    await proxy.open();
    stack = await startStack({ apiEnv: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
    const fx = await seedFixture(stack.db);
    const client = dashboard(stack.baseUrl, await signIn(stack.baseUrl, fx.responder.email, fx.responder.password));
    await warmUp(stack, client, fx.orgA.apiKey);

    await proxy.close();
    await eventually(async () => (await fetch(`${stack!.baseUrl}/readyz`)).status === 503, '/readyz to report the API cut off from Redis');
    const missed = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport());
    expect(missed.status).toBe(202);
    // The worker picks the queued report up and broadcasts its incident; the API is not listening.
    await eventually(() => triaged(stack!, missed.body.id), 'the report filed while the API was cut off to be triaged', 30_000);
    expect(eventFor(client, missed.body.id), 'no way for the event to reach the dashboard while the API is cut off').toBeUndefined();
    const statesBefore = client.states.length;

    await proxy.open();
    const event = await eventually(async () => eventFor(client, missed.body.id), 'the missed event to reach the dashboard once the API is back on Redis', 30_000);
    expect(event.type).toBe('incident.created');
    await eventually(async () => client.states.at(-1) === 'live', 'the dashboard to be live again');
    expect(client.states.slice(statesBefore)).toEqual(['reconnecting', 'live']);
  });

  it('a dashboard catches up after Redis itself is stopped and started again, and shows that it did', async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    stack = await startStack({ redisUrl: redis.url });
    const fx = await seedFixture(stack.db);
    const client = dashboard(stack.baseUrl, await signIn(stack.baseUrl, fx.responder.email, fx.responder.password));
    await warmUp(stack, client, fx.orgA.apiKey);
    const statesBefore = client.states.length;

    await redis.kill();
    await eventually(async () => (await fetch(`${stack!.baseUrl}/readyz`)).status === 503, '/readyz to report Redis unavailable');
    // Intake keeps the report durably; the worker's reconciler triages it once Redis is back.
    const filed = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport());
    expect(filed.status).toBe(202);

    await redis.start();
    await eventually(async () => eventFor(client, filed.body.id), 'the report filed while Redis was down to reach the dashboard', 45_000);
    // The socket to the API never dropped: going through `reconnecting` means the API asked it to resync.
    await eventually(async () => client.states.length > statesBefore && client.states.at(-1) === 'live', 'the dashboard to resync and be live again', 30_000);
    expect(client.states.slice(statesBefore)).toEqual(['reconnecting', 'live']);
  });
});
