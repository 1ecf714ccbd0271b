import fp from 'fastify-plugin';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_OPTIONS, JOBS, TRIAGE_QUEUE, redisConnectionOptions, type JobPayload, type LiveEvent } from '@sitroom/core';
import { createDb, type Db } from '@sitroom/db';
import type { ApiConfig } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: ApiConfig;
    db: Db;
    redis: Redis;
    queue: Queue;
    /** Pushes live events to dashboards on every API process (a no-op without sockets: events stay in the log). */
    publish: (events: LiveEvent[]) => void;
    /** Pushes events to the members of some organisations (their reporters hear about answers). */
    publishToOrganisations: (organisationIds: string[], events: LiveEvent[]) => void;
    /**
     * Closes the live sockets of a session, or of every session of a user, on every API process
     * (a no-op without sockets). Their dashboards connect again at once: with the session still
     * valid they rejoin with the user's current roles; without it they are sent to sign in.
     */
    endLiveSessions: (target: { userId: string } | { sessionHash: string }) => void;
    /** Adds triage jobs (job id = report id) in one round trip; rejects, adding none, if Redis does not take them in time. */
    enqueueTriage: (jobs: JobPayload<'triage-report'>[]) => Promise<void>;
  }
}

/** The API's queue connection fails fast: a report is already durable in Postgres, the reconciler enqueues it later. */
function bullConnection(url: string) {
  return { ...redisConnectionOptions(url), enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 };
}

export const ENQUEUE_TIMEOUT_MS = 1_500;

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Postgres, Redis and the triage queue, decorated once and closed with the app. */
export const infraPlugin = fp<{ config: ApiConfig }>(async (app, { config }) => {
  const db = createDb(config.DATABASE_URL, { max: 16, applicationName: 'sitroom-api' });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, enableAutoPipelining: true });
  redis.on('error', (err) => app.log.debug({ err: err.message }, 'redis connection error'));
  const queue = new Queue(TRIAGE_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix: `${config.REDIS_PREFIX}:bull` });
  queue.on('error', (err) => app.log.debug({ err: err.message }, 'queue connection error'));

  app.decorate('config', config);
  app.decorate('db', db);
  app.decorate('redis', redis);
  app.decorate('queue', queue);
  app.decorate('publish', (_events: LiveEvent[]) => {});
  app.decorate('publishToOrganisations', (_organisationIds: string[], _events: LiveEvent[]) => {});
  app.decorate('endLiveSessions', (_target: { userId: string } | { sessionHash: string }) => {});
  app.decorate('enqueueTriage', async (jobs: JobPayload<'triage-report'>[]) => {
    if (jobs.length === 0) return;
    const name = 'triage-report' as const;
    const bulk = jobs.map((data) => ({ name, data: JOBS[name].parse(data), opts: { ...JOB_OPTIONS[name], jobId: data.reportId } }));
    // addBulk is one MULTI: Redis takes all of these jobs or none.
    await withTimeout(queue.addBulk(bulk), ENQUEUE_TIMEOUT_MS, 'enqueue timed out');
  });

  app.addHook('onClose', async () => {
    await Promise.allSettled([queue.close(), db.destroy()]);
    redis.disconnect();
  });
});

