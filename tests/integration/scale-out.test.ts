import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { LiveEvent } from '@sitroom/core';
import { eventually, newReport, seedFixture } from '../support/fixtures.ts';
import { ADMIN_DATABASE_URL, databaseUrl } from '../support/env.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase } from '../support/database.ts';
import { freePort, postReport, signIn, startStack, type Stack } from '../support/stack.ts';

let stack: Stack | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await stack?.stop();
  await proxy?.close();
  stack = undefined;
  proxy = undefined;
});

function dashboard(baseUrl: string, cookie: string, lastEventId?: number) {
  const events: LiveEvent[] = [];
  const socket: Socket = io(baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie }, auth: lastEventId === undefined ? {} : { lastEventId } });
  for (const name of ['incident.created', 'incident.updated']) socket.on(name, (e: LiveEvent) => events.push(e));
  const ready = new Promise<void>((r) => socket.on('ready', () => r()));
  return { socket, events, ready };
}

async function triagedCount(s: Stack, ids: string[]) {
  const rows = await s.db.selectFrom('reports').select('status').where('id', 'in', ids).execute();
  return rows.filter((r) => r.status === 'triaged').length;
}

describe('scale-out and process faults', () => {
  it('two API and two worker processes: events from any worker reach a dashboard on any API, once each; work is shared', async () => {
    // A few jobs per worker at a time, so neither can take all 40 while the other starts.
    stack = await startStack({ apis: 2, workers: 2, workerEnv: { LOG_LEVEL: 'info', WORKER_CONCURRENCY: '4', TRIAGE_BATCH_MAX: '4' } });
    const fx = await seedFixture(stack.db);
    await eventually(async () => stack!.workers.every((w) => w.logs().includes('"msg":"worker started"')), 'both workers to have started');
    const cookie = await signIn(stack.baseUrls[1]!, fx.responder.email, fx.responder.password);
    const d = dashboard(stack.baseUrls[1]!, cookie);
    await d.ready;

    const accepted: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await postReport(stack.baseUrls[i % 2]!, i % 3 === 0 ? fx.orgB.apiKey : fx.orgA.apiKey, newReport());
      expect(res.status).toBe(202);
      accepted.push(res.body.id);
    }
    await eventually(async () => (await triagedCount(stack!, accepted)) === accepted.length, 'all reports triaged', 45_000);
    await eventually(async () => d.events.length >= accepted.length, 'one event per triaged report on the dashboard');
    const ids = d.events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(d.events.length).toBe(accepted.length);
    const perWorker = stack.workers.map((w) => (w.logs().match(/"msg":"report triaged"/g) ?? []).length);
    console.log(`[scale-out] accepted ${accepted.length}, triaged per worker ${perWorker.join(' + ')}, events on API 1: ${d.events.length}`);
    expect(perWorker.every((n) => n > 0)).toBe(true);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(accepted.length);
    d.socket.close();
  });

  it('an API process killed under its dashboards: they reconnect to another process and miss no event', async () => {
    stack = await startStack({ apis: 2 });
    const fx = await seedFixture(stack.db);
    const cookie = await signIn(stack.baseUrls[0]!, fx.responder.email, fx.responder.password);
    const first = dashboard(stack.baseUrls[0]!, cookie);
    await first.ready;
    const before = await postReport(stack.baseUrls[0]!, fx.orgA.apiKey, newReport());
    await eventually(async () => first.events.find((e) => e.reportId === before.body.id), 'the first event');
    const lastSeen = Math.max(...first.events.map((e) => e.eventId));

    console.log('[fault] SIGKILL API process 0 with a dashboard connected');
    await stack.apis[0]!.stop('SIGKILL');
    const during: string[] = [];
    for (let i = 0; i < 5; i++) during.push((await postReport(stack.baseUrls[1]!, fx.orgA.apiKey, newReport())).body.id);
    await eventually(async () => (await triagedCount(stack!, during)) === during.length, 'reports filed meanwhile to be triaged');

    const again = dashboard(stack.baseUrls[1]!, cookie, lastSeen);
    await again.ready;
    const seen = new Set(again.events.map((e) => e.reportId));
    console.log(`[fault] filed ${during.length} while disconnected; replayed ${again.events.length} on reconnect to API 1`);
    expect(during.every((id) => seen.has(id))).toBe(true);
    again.socket.close();
    first.socket.close();
  });

  it('Postgres unreachable: intake answers 503 with Retry-After and stores nothing; /readyz fails; all resumes without a restart', async () => {
    const database = await createTestDatabase();
    const pg = new URL(ADMIN_DATABASE_URL);
    proxy = new TcpProxy(await freePort(), { host: pg.hostname, port: Number(pg.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(databaseUrl(database.name));
    viaProxy.port = String(proxy.port);
    stack = await startStack({ databaseUrl: viaProxy.toString(), direct: database });
    const fx = await seedFixture(stack.db);
    const ok = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    expect(ok.status).toBe(202);

    await proxy.close();
    console.log('[fault] Postgres made unreachable for the API and worker');
    const before = (await stack.db.selectFrom('reports').select('id').execute()).length;
    const refused = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('service_unavailable');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { postgres: 'unavailable', redis: 'ok' } });
    expect((await stack.db.selectFrom('reports').select('id').execute()).length).toBe(before);

    await proxy.open();
    console.log('[fault] Postgres reachable again');
    await eventually(async () => (await fetch(`${stack!.baseUrl}/readyz`)).status === 200, '/readyz to recover');
    const after = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    expect(after.status).toBe(202);
    await eventually(async () => (await triagedCount(stack!, [ok.body.id, after.body.id])) === 2, 'triage to resume').catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${stack!.workers[0]!.logs().slice(-3000)}`);
    });
    const stored = (await stack.db.selectFrom('reports').select('id').execute()).length;
    console.log(`[fault] accepted 2 (one refused with 503 while down), stored ${stored}`);
    expect(stored).toBe(2);
  });
});
