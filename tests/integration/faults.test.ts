import { afterEach, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { redisConnectionOptions, TRIAGE_QUEUE } from '@sitroom/core';
import { eventually, newReport, seedFixture } from '../support/fixtures.ts';
import { PrivateRedis } from '../support/redis.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { freePort, postReport, signIn, startStack, type Stack } from '../support/stack.ts';

let stack: Stack | undefined;
let redis: PrivateRedis | undefined;
afterEach(async () => {
  await stack?.stop();
  await redis?.kill();
  stack = undefined;
  redis = undefined;
});

function triageQueue(s: Stack, redisUrl = TEST_REDIS_URL) {
  return new Queue(TRIAGE_QUEUE, { connection: redisConnectionOptions(redisUrl), prefix: `${s.redisPrefix}:bull` });
}

async function reportStatuses(s: Stack, ids: string[]) {
  return s.db.selectFrom('reports').select(['id', 'status', 'incidentId']).where('id', 'in', ids).execute();
}

async function allTriaged(s: Stack, ids: string[]) {
  const rows = await reportStatuses(s, ids);
  return rows.length === ids.length && rows.every((r) => r.status === 'triaged') ? rows : undefined;
}

describe('faults', () => {
  it('a worker killed (SIGKILL) mid-job loses nothing and duplicates nothing once another worker runs', async () => {
    stack = await startStack({ startWorker: false });
    const fx = await seedFixture(stack.db);
    const slow = stack.newWorker({ FAULT_TRIAGE_DELAY_MS: '20000' });

    const url = `https://x.com/someone/status/${Date.now()}`;
    const accepted: string[] = [];
    for (let i = 0; i < 4; i++) {
      const key = i % 2 === 0 ? fx.orgA.apiKey : fx.orgB.apiKey;
      const res = await postReport(stack.baseUrl, key, newReport({ urls: [i < 3 ? url : `https://example.org/${Date.now()}`] }));
      expect(res.status).toBe(202);
      accepted.push(res.body.id);
    }
    const queue = triageQueue(stack);
    try {
      await eventually(async () => (await queue.getActiveCount()) > 0, 'a job to be in progress on the slow worker');
      console.log(`[fault] SIGKILL worker pid ${slow.pid} with ${await queue.getActiveCount()} job(s) in progress`);
      await slow.stop('SIGKILL');
      expect((await reportStatuses(stack, accepted)).every((r) => r.status === 'queued')).toBe(true);

      stack.newWorker();
      const rows = await eventually(() => allTriaged(stack!, accepted), 'every report to be triaged after the restart', 45_000);
      const stored = await stack.db.selectFrom('reports').select('id').execute();
      console.log(`[fault] accepted ${accepted.length}, stored ${stored.length}, triaged ${rows.length}`);
      expect(stored.length).toBe(accepted.length);

      const incidents = await stack.db.selectFrom('incidents').select(['id', 'reportCount', 'organisationCount']).orderBy('reportCount', 'desc').execute();
      expect(incidents.map((i) => i.reportCount)).toEqual([3, 1]);
      expect(incidents[0]!.organisationCount).toBe(2);
      const audit = await stack.db.selectFrom('auditEvents').select(['entityId', 'action']).execute();
      expect(audit.filter((a) => a.action === 'report.triaged').length).toBe(4);
      expect(audit.filter((a) => a.action === 'incident.created').length).toBe(2);
      expect(audit.filter((a) => a.action === 'incident.report_added').length).toBe(2);
    } finally {
      await queue.close();
    }
  });

  it('with Redis down at intake, reports are accepted durably (202), stay queued, and are triaged once Redis is back', async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    stack = await startStack({ redisUrl: redis.url });
    const fx = await seedFixture(stack.db);

    const warmup = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    await eventually(() => allTriaged(stack!, [warmup.body.id]), 'the first report to be triaged');

    await redis.kill();
    console.log('[fault] killed redis-server (nothing persisted)');
    await eventually(async () => (await fetch(`${stack!.baseUrl}/readyz`)).status === 503, '/readyz to report Redis unavailable');

    const accepted: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport());
      expect(res.status).toBe(202);
      accepted.push(res.body.id);
    }
    const whileDown = await reportStatuses(stack, accepted);
    expect(whileDown.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);

    await redis.start();
    console.log('[fault] restarted redis-server, empty');
    const rows = await eventually(() => allTriaged(stack!, accepted), 'queued reports to be triaged after Redis returns', 45_000);
    const stored = await stack.db.selectFrom('reports').select('id').where('id', 'in', accepted).execute();
    console.log(`[fault] accepted ${accepted.length} while Redis was down, stored ${stored.length}, triaged ${rows.length}`);
    expect(stored.length).toBe(accepted.length);
    const incidents = await stack.db.selectFrom('incidents').select('id').execute();
    expect(incidents.length).toBe(6);
    await eventually(async () => (await fetch(`${stack!.baseUrl}/readyz`)).status === 200, '/readyz to recover');
  });

  it('a poison job fails for good, is visible to admins, and does not block other reports', async () => {
    stack = await startStack();
    const fx = await seedFixture(stack.db);
    const queue = triageQueue(stack);
    try {
      await queue.add('triage-report', { reportId: 'not-a-uuid' }, { jobId: 'poison-1', attempts: 5 });
      await queue.add('triage-report', { reportId: '00000000-0000-4000-8000-000000000000' }, { jobId: 'poison-2', attempts: 5 });
      await queue.add('no-such-job' as 'triage-report', { reportId: '00000000-0000-4000-8000-000000000001' }, { jobId: 'poison-3', attempts: 5 });
      const good = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
      await eventually(() => allTriaged(stack!, [good.body.id]), 'a good report to be triaged despite the poison');

      const cookie = await signIn(stack.baseUrl, fx.admin.email, fx.admin.password);
      const status = await eventually(async () => {
        const body = (await (await fetch(`${stack!.baseUrl}/api/v1/admin/pipeline`, { headers: { cookie } })).json()) as {
          failedJobs: { id: string; failedReason: string; attemptsMade: number }[];
        };
        return body.failedJobs.length === 3 ? body : undefined;
      }, 'three failed jobs to be listed for admins');
      const byId = Object.fromEntries(status.failedJobs.map((j) => [j.id, j]));
      expect(byId['poison-1']!.failedReason).toMatch(/invalid payload: reportId/);
      expect(byId['poison-2']!.failedReason).toMatch(/does not exist/);
      expect(byId['poison-3']!.failedReason).toMatch(/unknown job name/);
      // Unrecoverable: not retried.
      expect(status.failedJobs.every((j) => j.attemptsMade === 1)).toBe(true);

      const responder = await signIn(stack.baseUrl, fx.responder.email, fx.responder.password);
      expect((await fetch(`${stack.baseUrl}/api/v1/admin/pipeline`, { headers: { cookie: responder } })).status).toBe(403);
    } finally {
      await queue.close();
    }
  });

  it('running the same triage job twice creates no second incident and changes nothing', async () => {
    stack = await startStack();
    const fx = await seedFixture(stack.db);
    const res = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    const [row] = await eventually(() => allTriaged(stack!, [res.body.id]), 'triage');
    const before = await stack.db.selectFrom('incidents').select(['id', 'version', 'reportCount']).execute();

    const queue = triageQueue(stack);
    try {
      const again = await queue.add('triage-report', { reportId: res.body.id }, { jobId: `${res.body.id}-again` });
      await eventually(async () => (await again.getState()) === 'completed', 'the repeated job to complete');
    } finally {
      await queue.close();
    }
    const after = await stack.db.selectFrom('incidents').select(['id', 'version', 'reportCount']).execute();
    expect(after).toEqual(before);
    expect(after[0]!.id).toBe(row!.incidentId);
    const audit = await stack.db.selectFrom('auditEvents').select('action').where('action', '=', 'report.triaged').execute();
    expect(audit.length).toBe(1);
  });
});
