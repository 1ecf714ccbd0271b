import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { JOB_OPTIONS, JOBS, ROOMS, redisConnectionOptions, TRIAGE_QUEUE, type JobName, type LiveEvent } from '@sitroom/core';
import { createDb, listStaleQueuedReports, markReportFailed, type Db } from '@sitroom/db';
import type { WorkerConfig } from './config.ts';
import { ReportNotFoundError, triageReport } from './triage.service.ts';

function bullConnection(url: string) {
  return { ...redisConnectionOptions(url), maxRetriesPerRequest: null };
}

export interface RunningWorker {
  db: Db;
  close(): Promise<void>;
}

/** Starts the triage worker, its event emitter and the reconciler of reports left queued. */
export async function startWorker(config: WorkerConfig, log: Logger = pino({ level: config.LOG_LEVEL, name: 'worker' })): Promise<RunningWorker> {
  const db = createDb(config.DATABASE_URL, { max: Math.min(20, config.WORKER_CONCURRENCY + 2), applicationName: 'sitroom-worker' });
  const prefix = `${config.REDIS_PREFIX}:bull`;
  const emitterRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  emitterRedis.on('error', (err) => log.debug({ err: err.message }, 'emitter redis error'));
  const emitter = new Emitter(emitterRedis, { key: `${config.REDIS_PREFIX}:socket.io` });
  const queue = new Queue(TRIAGE_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix, defaultJobOptions: JOB_OPTIONS['triage-report'] });
  queue.on('error', (err) => log.debug({ err: err.message }, 'queue redis error'));

  function publish(events: LiveEvent[]) {
    for (const event of events) {
      try {
        emitter.to(ROOMS.allIncidents).emit(event.type, event);
      } catch (err) {
        // Stored in the event log already: dashboards catch up on reconnect.
        log.warn({ err, eventId: event.eventId }, 'could not publish live event');
      }
    }
  }

  async function handleTriageReport(job: Job): Promise<{ incidentId: string; changed: boolean }> {
    const payload = JOBS['triage-report'].safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`invalid payload: ${payload.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    try {
      const outcome = await triageReport(db, payload.data.reportId, { dedupWindowDays: config.DEDUP_WINDOW_DAYS, faultDelayMs: config.FAULT_TRIAGE_DELAY_MS });
      publish(outcome.events);
      log.info({ reportId: outcome.reportId, incidentId: outcome.incidentId, changed: outcome.changed, jobId: job.id }, 'report triaged');
      return { incidentId: outcome.incidentId, changed: outcome.changed };
    } catch (err) {
      if (err instanceof ReportNotFoundError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  const handlers: Record<JobName, (job: Job) => Promise<unknown>> = { 'triage-report': handleTriageReport };

  const worker = new Worker(
    TRIAGE_QUEUE,
    async (job) => {
      const handler = handlers[job.name as JobName];
      if (!handler) throw new UnrecoverableError(`unknown job name "${job.name}"`);
      return handler(job);
    },
    {
      connection: bullConnection(config.REDIS_URL),
      prefix,
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.WORKER_LOCK_MS,
      stalledInterval: Math.max(1_000, Math.floor(config.WORKER_LOCK_MS / 2)),
      maxStalledCount: 5,
    },
  );
  worker.on('error', (err) => log.warn({ err: err.message }, 'worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? 'error' : 'warn']({ jobId: job.id, attemptsMade: job.attemptsMade, err: err.message }, final ? 'job failed for good' : 'job failed; will retry');
    const reportId = (job.data as { reportId?: unknown })?.reportId;
    if (final && typeof reportId === 'string' && /^[0-9a-f-]{36}$/i.test(reportId)) {
      markReportFailed(db, reportId, err.message).catch((e: unknown) => log.error({ err: e }, 'could not mark report failed'));
    }
  });

  // The reconciler: reports accepted (202) while Redis was unavailable, or whose job was lost with
  // a Redis restart, are still `queued` in Postgres. Re-adding with jobId = report id is a no-op
  // for jobs BullMQ still holds, and triage itself is idempotent.
  let reconciling = false;
  async function reconcile() {
    if (reconciling) return;
    reconciling = true;
    try {
      // One page per tick: the next tick takes the rest once these jobs have moved on.
      const stale = await listStaleQueuedReports(db, config.RECONCILE_AFTER_MS, 500);
      if (stale.length > 0) {
        await queue.addBulk(stale.map((r) => ({ name: 'triage-report', data: { reportId: r.id }, opts: { ...JOB_OPTIONS['triage-report'], jobId: r.id } })));
        log.info({ count: stale.length }, 'reconciler re-enqueued queued reports');
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'reconciler pass failed; will retry');
    } finally {
      reconciling = false;
    }
  }
  const timer = setInterval(() => void reconcile(), config.RECONCILE_EVERY_MS);
  void reconcile();

  log.info({ queue: TRIAGE_QUEUE, prefix, concurrency: config.WORKER_CONCURRENCY }, 'triage worker started');

  return {
    db,
    async close() {
      clearInterval(timer);
      await worker.close();
      await queue.close();
      emitterRedis.disconnect();
      await db.destroy();
    },
  };
}
