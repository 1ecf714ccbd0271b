import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import {
  JOB_OPTIONS, JOB_QUEUE, JOBS, NOTIFY_QUEUE, TRIAGE_QUEUE, eventAudiences, redisConnectionOptions, slaJobId,
  type JobName, type JobPayload, type LiveEvent,
} from '@sitroom/core';
import { createDb, listStaleQueuedReports, markReportFailed, type Db } from '@sitroom/db';
import type { WorkerConfig } from './config.ts';
import { ReportNotFoundError, triageReport, type DeskNotice, type SlaSchedule } from './triage.service.ts';
import { TriageConfigCache } from './triage-config.ts';
import { handleSlaDeadline, handleSlaEscalation, listOverdueClocks } from './sla.service.ts';
import { deliverWebhook } from './webhook.service.ts';
import { workerMetrics } from './metrics.ts';

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
  const db = createDb(config.DATABASE_URL, { max: Math.min(24, config.WORKER_CONCURRENCY + 4), applicationName: 'sitroom-worker' });
  const prefix = `${config.REDIS_PREFIX}:bull`;
  const emitterRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  emitterRedis.on('error', (err) => log.debug({ err: err.message }, 'emitter redis error'));
  const emitter = new Emitter(emitterRedis, { key: `${config.REDIS_PREFIX}:socket.io` });
  const queues = {
    [TRIAGE_QUEUE]: new Queue(TRIAGE_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix }),
    [NOTIFY_QUEUE]: new Queue(NOTIFY_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix }),
  };
  for (const q of Object.values(queues)) q.on('error', (err) => log.debug({ err: err.message }, 'queue redis error'));
  const triageConfig = new TriageConfigCache();
  const metrics = workerMetrics();
  if (config.METRICS_PORT) await metrics.listen(config.METRICS_PORT, config.METRICS_HOST);

  function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: { jobId: string; delay?: number; backoffMs?: number }) {
    const base = JOB_OPTIONS[name];
    return queues[JOB_QUEUE[name]].add(name, payload, {
      ...base,
      ...(opts.backoffMs ? { backoff: { type: 'exponential', delay: opts.backoffMs } } : {}),
      jobId: opts.jobId,
      delay: opts.delay,
    });
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

  /** After a commit: live events, SLA deadlines as delayed jobs, desk webhooks. */
  async function afterCommit(out: { events: LiveEvent[]; sla?: SlaSchedule[]; notices?: DeskNotice[] }) {
    publish(out.events);
    for (const s of out.sla ?? []) {
      await enqueue('sla-check', { incidentId: s.incidentId, clock: s.clock, dueAt: s.dueAt.toISOString() }, {
        jobId: slaJobId(s.incidentId, s.clock, s.dueAt), delay: Math.max(0, s.dueAt.getTime() - Date.now()),
      });
    }
    for (const n of out.notices ?? []) {
      const deliveryId = randomUUID();
      await enqueue('deliver-webhook', { deliveryId, deskId: n.deskId, incidentId: n.incidentId, eventType: n.eventType, payload: n.payload }, {
        jobId: `webhook-${deliveryId}`, backoffMs: config.WEBHOOK_BACKOFF_MS,
      });
    }
  }

  async function handleTriageReport(job: Job) {
    const { reportId, requestId } = payloadOf('triage-report', job);
    try {
      const outcome = await triageReport(db, reportId, { dedupWindowDays: config.DEDUP_WINDOW_DAYS, faultDelayMs: config.FAULT_TRIAGE_DELAY_MS, config: triageConfig });
      await afterCommit(outcome);
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
    await afterCommit(out);
    if (out.escalateInMs !== null) {
      await enqueue('sla-escalate', { incidentId: p.incidentId, clock: p.clock }, { jobId: `escalate-${p.incidentId}-${p.clock}`, delay: out.escalateInMs });
    }
    log.info({ incidentId: p.incidentId, clock: p.clock, fired: out.fired, reason: out.reason }, 'SLA deadline checked');
    return { fired: out.fired, reason: out.reason };
  }

  async function handleSlaEscalate(job: Job) {
    const p = payloadOf('sla-escalate', job);
    const out = await handleSlaEscalation(db, p);
    await afterCommit(out);
    log.info({ incidentId: p.incidentId, clock: p.clock, fired: out.fired, reason: out.reason }, 'SLA escalation checked');
    return { fired: out.fired, reason: out.reason };
  }

  async function handleDeliverWebhook(job: Job) {
    const p = payloadOf('deliver-webhook', job);
    return deliverWebhook(db, { ...p, attempt: job.attemptsMade + 1, timeoutMs: config.WEBHOOK_TIMEOUT_MS });
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
    new Worker(NOTIFY_QUEUE, processor, { ...workerOptions, concurrency: 8 }),
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
  // still holds, and the handlers are idempotent.
  let reconciling = false;
  async function reconcile() {
    if (reconciling) return;
    reconciling = true;
    try {
      // One page per tick: the next tick takes the rest once these jobs have moved on.
      const stale = await listStaleQueuedReports(db, config.RECONCILE_AFTER_MS, 500);
      if (stale.length > 0) {
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
      emitterRedis.disconnect();
      await db.destroy();
    },
  };
}
