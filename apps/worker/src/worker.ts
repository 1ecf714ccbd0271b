import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import {
  JOB_OPTIONS, JOB_QUEUE, JOBS, MicroBatcher, NOTIFY_QUEUE, TRIAGE_QUEUE, eventAudiences, redisConnectionOptions, slaJobId,
  type JobName, type JobPayload, type LiveEvent,
} from '@sitroom/core';
import { createDb, listStaleQueuedReports, markReportFailed, type Db } from '@sitroom/db';
import type { WorkerConfig } from './config.ts';
import { ReportNotFoundError, TriageDeferred, triageReports, type DeskNotice, type SlaSchedule, type TriageItem, type TriageOutcome } from './triage.service.ts';
import { TriageConfigCache } from './triage-config.ts';
import { handleSlaDeadline, handleSlaEscalation, listOverdueClocks } from './sla.service.ts';
import { deliverWebhook } from './webhook.service.ts';
import { workerMetrics } from './metrics.ts';
import { IncidentStatsKeeper } from './table-stats.ts';

/** Notify jobs (SLA checks, escalations, webhooks) a worker runs at once. */
const NOTIFY_CONCURRENCY = 8;

function bullConnection(url: string) {
  return { ...redisConnectionOptions(url), maxRetriesPerRequest: null };
}

export interface RunningWorker {
  db: Db;
  close(): Promise<void>;
}

/** Parses a job's payload again with the catalogue's schema: a malformed job can never succeed. */
function payloadOf<N extends JobName>(name: N, job: Job): JobPayload<N> {
  const parsed = JOBS[name].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data as JobPayload<N>;
}

/** Starts the triage and notify workers, the event emitter and the reconciler. */
export async function startWorker(config: WorkerConfig, log: Logger = pino({ level: config.LOG_LEVEL, name: 'worker' })): Promise<RunningWorker> {
  // A connection per triage batch in flight and per notify job, and a couple for the reconciler.
  const db = createDb(config.DATABASE_URL, { max: config.TRIAGE_BATCHES_IN_FLIGHT + NOTIFY_CONCURRENCY + 2, applicationName: 'sitroom-worker', prepareStatements: true });
  const prefix = `${config.REDIS_PREFIX}:bull`;
  // A batch's events are published together: auto-pipelining sends them in one write.
  const emitterRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  emitterRedis.on('error', (err) => log.debug({ err: err.message }, 'emitter redis error'));
  const emitter = new Emitter(emitterRedis, { key: `${config.REDIS_PREFIX}:socket.io` });
  const queues = {
    [TRIAGE_QUEUE]: new Queue(TRIAGE_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix }),
    [NOTIFY_QUEUE]: new Queue(NOTIFY_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix }),
  };
  for (const q of Object.values(queues)) q.on('error', (err) => log.debug({ err: err.message }, 'queue redis error'));
  const triageConfig = new TriageConfigCache();
  const incidentStats = new IncidentStatsKeeper(db, log);
  // Before any triage: incidents stored before they had search words get them.
  await incidentStats.start();
  const metrics = workerMetrics();
  if (config.METRICS_PORT) await metrics.listen(config.METRICS_PORT, config.METRICS_HOST);

  type JobSpec = { queue: keyof typeof queues; name: JobName; data: unknown; opts: Record<string, unknown> };

  function jobSpec<N extends JobName>(name: N, payload: JobPayload<N>, opts: { jobId: string; delay?: number; backoffMs?: number }): JobSpec {
    const base = JOB_OPTIONS[name];
    return {
      queue: JOB_QUEUE[name],
      name,
      data: payload,
      opts: { ...base, ...(opts.backoffMs ? { backoff: { type: 'exponential', delay: opts.backoffMs } } : {}), jobId: opts.jobId, delay: opts.delay },
    };
  }

  /** Adds jobs with one round trip per queue. */
  async function enqueueAll(jobs: JobSpec[]) {
    for (const [name, queue] of Object.entries(queues) as [keyof typeof queues, Queue][]) {
      const mine = jobs.filter((j) => j.queue === name);
      if (mine.length > 0) await queue.addBulk(mine.map(({ name: jobName, data, opts }) => ({ name: jobName, data, opts })));
    }
  }

  function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: { jobId: string; delay?: number; backoffMs?: number }) {
    return enqueueAll([jobSpec(name, payload, opts)]);
  }

  function publish(events: LiveEvent[]) {
    for (const event of events) {
      if (event.reportId) metrics.eventLag.observe({ type: event.type }, Math.max(0, Date.now() - Date.parse(event.incident.lastReportedAt)) / 1000);
      try {
        const { titleOrganisationId, ...payload } = event;
        for (const audience of eventAudiences(payload, titleOrganisationId ?? null)) {
          emitter.to(audience.rooms).except(audience.except).emit(event.type, audience.event);
        }
      } catch (err) {
        // Stored in the event log already: dashboards catch up on reconnect.
        log.warn({ err, eventId: event.eventId }, 'could not publish live event');
      }
    }
  }

  /** After a commit: live events, SLA deadlines as delayed jobs, desk webhooks (the jobs of a batch added together). */
  async function afterCommit(outs: { events: LiveEvent[]; sla?: SlaSchedule[]; notices?: DeskNotice[] }[]) {
    publish(outs.flatMap((o) => o.events));
    const jobs: JobSpec[] = [];
    for (const s of outs.flatMap((o) => o.sla ?? [])) {
      jobs.push(jobSpec('sla-check', { incidentId: s.incidentId, clock: s.clock, dueAt: s.dueAt.toISOString() }, {
        jobId: slaJobId(s.incidentId, s.clock, s.dueAt), delay: Math.max(0, s.dueAt.getTime() - Date.now()),
      }));
    }
    for (const n of outs.flatMap((o) => o.notices ?? [])) {
      const deliveryId = randomUUID();
      jobs.push(jobSpec('deliver-webhook', { deliveryId, deskId: n.deskId, incidentId: n.incidentId, eventType: n.eventType, payload: n.payload }, {
        jobId: `webhook-${deliveryId}`, backoffMs: config.WEBHOOK_BACKOFF_MS,
      }));
    }
    await enqueueAll(jobs);
  }

  // Triage jobs running together share a transaction: a batch starts as soon as one of
  // TRIAGE_BATCHES_IN_FLIGHT slots is free, so a quiet worker triages each report at once, and a
  // busy one gathers the jobs that arrive meanwhile. A batch's jobs complete once its commit's
  // events are published and its jobs added; if that fails, they are retried, and a retried job
  // whose report was triaged schedules its incident's SLA deadlines again.
  const triageBatcher = new MicroBatcher<TriageItem, TriageOutcome>({
    maxBatch: config.TRIAGE_BATCH_MAX,
    maxInFlight: config.TRIAGE_BATCHES_IN_FLIGHT,
    run: async (items) => {
      metrics.triageBatchSize.observe(items.length);
      const results = await triageReports(db, items, {
        dedupWindowDays: config.DEDUP_WINDOW_DAYS, faultDelayMs: config.FAULT_TRIAGE_DELAY_MS, config: triageConfig, keyRows: incidentStats.keyStats,
        onBatchFailure: (err, size) => log.warn({ err: (err as Error).message, size }, 'triage batch failed; triaging its reports one by one'),
      });
      const outcomes = results.filter((r): r is TriageOutcome => !(r instanceof Error));
      incidentStats.noteCreated(outcomes.flatMap((o) => (o.newIncidentKeys ? [o.newIncidentKeys] : [])));
      await afterCommit(outcomes);
      return results;
    },
  });

  async function handleTriageReport(job: Job) {
    const { reportId, requestId } = payloadOf('triage-report', job);
    try {
      const item = { reportId, ...(requestId ? { requestId } : {}) };
      let outcome = await triageBatcher.add(item).catch((err: unknown) => (err instanceof TriageDeferred ? null : Promise.reject(err)));
      // Put off (another transaction was triaging a report that may be the same rumour): it goes back
      // to the head of the queue; at the head of a batch a report waits for its locks instead.
      while (!outcome) {
        metrics.triageDeferred.inc();
        outcome = await triageBatcher.add(item, { first: true }).catch((err: unknown) => (err instanceof TriageDeferred ? null : Promise.reject(err)));
      }
      log.info({ reportId, requestId, incidentId: outcome.incidentId, changed: outcome.changed, jobId: job.id }, 'report triaged');
      return { incidentId: outcome.incidentId, changed: outcome.changed };
    } catch (err) {
      if (err instanceof ReportNotFoundError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  async function handleSlaCheck(job: Job) {
    const p = payloadOf('sla-check', job);
    const settings = (await triageConfig.get(db)).settings;
    const out = await handleSlaDeadline(db, { incidentId: p.incidentId, clock: p.clock, dueAt: new Date(p.dueAt), escalateAfterMinutes: settings.escalateAfterMinutes });
    await afterCommit([out]);
    if (out.escalateInMs !== null) {
      await enqueue('sla-escalate', { incidentId: p.incidentId, clock: p.clock }, { jobId: `escalate-${p.incidentId}-${p.clock}`, delay: out.escalateInMs });
    }
    log.info({ incidentId: p.incidentId, clock: p.clock, fired: out.fired, reason: out.reason }, 'SLA deadline checked');
    return { fired: out.fired, reason: out.reason };
  }

  async function handleSlaEscalate(job: Job) {
    const p = payloadOf('sla-escalate', job);
    const out = await handleSlaEscalation(db, p);
    await afterCommit([out]);
    log.info({ incidentId: p.incidentId, clock: p.clock, fired: out.fired, reason: out.reason }, 'SLA escalation checked');
    return { fired: out.fired, reason: out.reason };
  }

  async function handleDeliverWebhook(job: Job) {
    const p = payloadOf('deliver-webhook', job);
    return deliverWebhook(db, { ...p, attempt: job.attemptsMade + 1, timeoutMs: config.WEBHOOK_TIMEOUT_MS, ...(config.DASHBOARD_URL ? { dashboardUrl: config.DASHBOARD_URL } : {}) });
  }

  const handlers: Record<JobName, (job: Job) => Promise<unknown>> = {
    'triage-report': handleTriageReport,
    'sla-check': handleSlaCheck,
    'sla-escalate': handleSlaEscalate,
    'deliver-webhook': handleDeliverWebhook,
  };
  const processor = async (job: Job) => {
    const handler = handlers[job.name as JobName];
    if (!handler) throw new UnrecoverableError(`unknown job name "${job.name}"`);
    const stop = metrics.jobDuration.startTimer({ job: job.name });
    try {
      const result = await handler(job);
      stop({ outcome: 'completed' });
      return result;
    } catch (err) {
      stop({ outcome: 'failed' });
      throw err;
    }
  };
  const workerOptions = {
    connection: bullConnection(config.REDIS_URL),
    prefix,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: Math.max(1_000, Math.floor(config.WORKER_LOCK_MS / 2)),
    maxStalledCount: 5,
  };
  const workers = [
    new Worker(TRIAGE_QUEUE, processor, { ...workerOptions, concurrency: config.WORKER_CONCURRENCY }),
    new Worker(NOTIFY_QUEUE, processor, { ...workerOptions, concurrency: NOTIFY_CONCURRENCY }),
  ];
  for (const worker of workers) {
    worker.on('error', (err) => log.warn({ err: err.message }, 'worker error'));
    worker.on('failed', (job, err) => {
      if (!job) return;
      const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      log[final ? 'error' : 'warn']({ jobId: job.id, job: job.name, attemptsMade: job.attemptsMade, err: err.message }, final ? 'job failed for good' : 'job failed; will retry');
      const reportId = (job.data as { reportId?: unknown })?.reportId;
      if (final && job.name === 'triage-report' && typeof reportId === 'string' && /^[0-9a-f-]{36}$/i.test(reportId)) {
        markReportFailed(db, reportId, err.message).catch((e: unknown) => log.error({ err: e }, 'could not mark report failed'));
      }
    });
  }

  // The reconciler: reports accepted (202) while Redis was unavailable, or whose job was lost with
  // a Redis restart, are still `queued` in Postgres; SLA deadlines whose delayed job was lost are
  // overdue without a recorded breach. Re-adding with the same job ids is a no-op for jobs BullMQ
  // still holds, and the handlers are idempotent. A report still queued whose job completed had its
  // triage's commit lost (triage commits without waiting for the WAL flush, and Postgres crashed):
  // that job is removed first, or BullMQ would keep it, and ignore the new one, for an hour.
  let reconciling = false;
  async function reconcile() {
    if (reconciling) return;
    reconciling = true;
    try {
      // One page per tick: the next tick takes the rest once these jobs have moved on.
      const stale = await listStaleQueuedReports(db, config.RECONCILE_AFTER_MS, 500);
      if (stale.length > 0) {
        const states = await Promise.all(stale.map((r) => queues[TRIAGE_QUEUE].getJobState(r.id)));
        const lost = stale.filter((_, i) => states[i] === 'completed');
        await Promise.all(lost.map((r) => queues[TRIAGE_QUEUE].remove(r.id)));
        if (lost.length > 0) log.warn({ count: lost.length }, 'reconciler found queued reports whose triage job had completed: triaging them again');
        await queues[TRIAGE_QUEUE].addBulk(stale.map((r) => ({ name: 'triage-report', data: { reportId: r.id }, opts: { ...JOB_OPTIONS['triage-report'], jobId: r.id } })));
        log.info({ count: stale.length }, 'reconciler re-enqueued queued reports');
      }
      const overdue = await listOverdueClocks(db, config.RECONCILE_AFTER_MS, 200);
      for (const c of overdue) {
        await enqueue('sla-check', { incidentId: c.incidentId, clock: c.clock, dueAt: c.dueAt.toISOString() }, { jobId: slaJobId(c.incidentId, c.clock, c.dueAt) });
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'reconciler pass failed; will retry');
    } finally {
      reconciling = false;
    }
  }
  const timer = setInterval(() => void reconcile(), config.RECONCILE_EVERY_MS);
  void reconcile();

  log.info({ queues: [TRIAGE_QUEUE, NOTIFY_QUEUE], prefix, concurrency: config.WORKER_CONCURRENCY }, 'worker started');

  return {
    db,
    async close() {
      clearInterval(timer);
      await metrics.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await incidentStats.close();
      emitterRedis.disconnect();
      await db.destroy();
    },
  };
}
