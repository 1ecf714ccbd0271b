import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { freePort, postReport, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let fx: Fixture;
let metricsPort: number;

beforeAll(async () => {
  metricsPort = await freePort();
  stack = await startStack({ workerEnv: { METRICS_PORT: String(metricsPort), WORKER_NICE: '7' } });
  fx = await seedFixture(stack.db);
});
afterAll(async () => {
  await stack?.stop();
});

describe('worker process', () => {
  it('runs at the CPU priority WORKER_NICE asks for', () => {
    expect(getPriority(stack.workers[0]!.pid!)).toBe(7);
  });
});

describe('worker metrics', () => {
  it('counts job durations and the lag from intake to live event', async () => {
    const res = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    await eventually(async () => (await stack.db.selectFrom('reports').select('status').where('id', '=', res.body.id).executeTakeFirst())?.status === 'triaged', 'triage');
    const body = await eventually(async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return /sitroom_job_duration_seconds_count\{job="triage-report",outcome="completed"\} 1\b/.test(text) ? text : undefined;
    }, 'the triage job to be counted');
    expect(body).toMatch(/sitroom_event_lag_seconds_count\{type="incident.created"\} 1\b/);
  });
});
