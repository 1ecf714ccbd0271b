import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').default('postgres://postgres@127.0.0.1:5432/sitroom'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, "_", "-" or "." only').default('sitroom'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Triage jobs a worker holds at once. They are triaged in batches (below), so this bounds how many
   * reports can gather for the next batch, not how many transactions run.
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  /** Most triage jobs triaged together in one transaction. */
  TRIAGE_BATCH_MAX: z.coerce.number().int().min(1).max(256).default(32),
  /** Most triage transactions running at once; jobs arriving while all are busy gather into the next batch. */
  TRIAGE_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(3),
  /** How long a job's lock lives; a worker that dies mid-job is detected after about this long. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Reports still `queued` after this long are re-enqueued by the reconciler. */
  RECONCILE_AFTER_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
  RECONCILE_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(5_000),
  /** Fault injection for tests: hold each triage transaction open this long, so a test can kill the worker mid-job. */
  FAULT_TRIAGE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** First retry delay of a failed webhook delivery; doubles each attempt. */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  /** When set, the worker serves Prometheus metrics at http://METRICS_HOST:METRICS_PORT/metrics. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /**
   * Where desks open the dashboard (e.g. https://sitroom.example.org): webhook deliveries about an
   * incident then carry `url`, its link (`#/incidents/<id>`). Unset, they carry none.
   */
  DASHBOARD_URL: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).transform((u) => u.replace(/\/+$/, '')).optional(),
  DEDUP_WINDOW_DAYS: z.coerce.number().min(0.01).max(365).default(7),
  /**
   * The worker's CPU priority (Unix nice value, 0-19; higher yields more). On a machine the API
   * shares with the worker, a positive value lets intake answer first while triage catches up
   * later: nothing accepted is lost, but triage lags more under load. 0 (the default) leaves it as is.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(0),
});

export type WorkerConfig = Readonly<z.infer<typeof EnvSchema>>;

/** Parses the worker's environment once, at boot; a bad value stops the process with a readable message. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid worker configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
