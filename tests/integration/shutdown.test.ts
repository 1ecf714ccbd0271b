import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { postReport, signIn, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let fx: Fixture;

beforeAll(async () => {
  stack = await startStack();
  fx = await seedFixture(stack.db);
});
afterAll(async () => {
  await stack?.stop();
});

describe('graceful shutdown', () => {
  it('on SIGTERM the API closes its dashboards and exits 0 promptly; the worker finishes its job and exits 0', async () => {
    const cookie = await signIn(stack.baseUrl, fx.responder.email, fx.responder.password);
    const sockets: Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const s = io(stack.baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: true, reconnectionDelay: 100 });
      sockets.push(s);
    }
    await eventually(async () => sockets.every((s) => s.connected), 'sockets to connect');
    const accepted = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    expect(accepted.status).toBe(202);

    const api = stack.apis[0]!;
    const started = Date.now();
    const code = await api.stop('SIGTERM', 20_000);
    const apiSeconds = (Date.now() - started) / 1000;
    console.log(`[shutdown] API exited with ${code} in ${apiSeconds.toFixed(2)} s with ${sockets.length} dashboards connected`);
    expect(code).toBe(0);
    await eventually(async () => sockets.every((s) => !s.connected), 'dashboards to see the disconnect');
    for (const s of sockets) s.close();

    await eventually(async () => {
      const r = await stack.db.selectFrom('reports').select('status').where('id', '=', accepted.body.id).executeTakeFirst();
      return r?.status === 'triaged';
    }, 'the accepted report to be triaged');
    const worker = stack.workers[0]!;
    const t = Date.now();
    expect(await worker.stop('SIGTERM', 20_000)).toBe(0);
    console.log(`[shutdown] worker exited with 0 in ${((Date.now() - t) / 1000).toFixed(2)} s`);
  });
});
