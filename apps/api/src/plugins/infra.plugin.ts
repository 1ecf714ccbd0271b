import fp from 'fastify-plugin';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_OPTIONS, JOB_QUEUE, JOBS, TRIAGE_QUEUE, redisConnectionOptions, type JobName, type JobPayload, type LiveEvent } from '@sitroom/core';
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
    enqueue: <N extends JobName>(name: N, payload: JobPayload<N>, jobId: string) => Promise<void>;
  }
}

/** The API's queue connection fails fast: a report is already durable in Postgres, the reconciler enqueues it later. */
function bullConnection(url: string) {
  return { ...redisConnectionOptions(url), enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 };
}

export const ENQUEUE_TIMEOUT_MS = 1_500;

/** Postgres, Redis and the triage queue, decorated once and closed with the app. */
export const infraPlugin = fp<{ config: ApiConfig }>(async (app, { config }) => {
  const db = createDb(config.DATABASE_URL, { max: 10, applicationName: 'sitroom-api' });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
  redis.on('error', (err) => app.log.debug({ err: err.message }, 'redis connection error'));
  const queue = new Queue(TRIAGE_QUEUE, { connection: bullConnection(config.REDIS_URL), prefix: `${config.REDIS_PREFIX}:bull` });
  queue.on('error', (err) => app.log.debug({ err: err.message }, 'queue connection error'));

  app.decorate('config', config);
  app.decorate('db', db);
  app.decorate('redis', redis);
  app.decorate('queue', queue);
  app.decorate('publish', (_events: LiveEvent[]) => {});
  app.decorate('publishToOrganisations', (_organisationIds: string[], _events: LiveEvent[]) => {});
  app.decorate('enqueue', async <N extends JobName>(name: N, payload: JobPayload<N>, jobId: string) => {
    if (JOB_QUEUE[name] !== TRIAGE_QUEUE) throw new Error(`the API does not enqueue ${name} jobs`);
    JOBS[name].parse(payload);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([queue.add(name, payload, { ...JOB_OPTIONS[name], jobId }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  });

  app.addHook('onClose', async () => {
    await Promise.allSettled([queue.close(), db.destroy()]);
    redis.disconnect();
  });
});

