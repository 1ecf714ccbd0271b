/**
 * The real Sitroom stack for the benchmark: a database and a Redis prefix of the bench's own, the
 * API and worker as child processes on loopback, and cleanup that runs even when the bench fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createApiKey, createDb, createDesk, createOrganisation, createUser, generateApiKey, hashPassword, migrateToLatest, type Db } from '@sitroom/db';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` is truthy or the deadline passes. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

// Everything to undo, newest first; run on success, failure and Ctrl-C.
const cleanups: (() => Promise<unknown>)[] = [];
export function onCleanup(fn: () => Promise<unknown>): void {
  cleanups.unshift(fn);
}
export async function cleanupAll(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.shift()!;
    await Promise.race([fn().catch((err: unknown) => console.error('cleanup:', (err as Error).message)), sleep(20_000)]);
  }
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A migrated database of the bench's own, dropped at cleanup. */
export async function createBenchDatabase(name = uniqueName('sitroom_bench')): Promise<{ name: string; url: string }> {
  await admin((c) => c.query(`create database "${name}"`));
  onCleanup(() => admin((c) => c.query(`drop database if exists "${name}" with (force)`)));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** Deletes every Redis key under `prefix:`. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A Redis key prefix of its own, whose keys are deleted at cleanup. */
export function redisPrefix(prefix = uniqueName('sitroom_bench')): string {
  onCleanup(() => deleteRedisPrefix(prefix));
  return prefix;
}

/** A child Node process (tsx) whose recent output is kept for error messages; stopped at cleanup. */
export class Child {
  private child: ChildProcess;
  private output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = [], args: string[] = []) {
    this.child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    onCleanup(() => this.stop());
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  logs(): string {
    return this.output.join('').slice(-4000);
  }
  send(message: unknown): void {
    this.child.send(message as object);
  }
  /** The next IPC message that `match` accepts. */
  next<T>(match: (m: any) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.off('message', on);
        reject(new Error(`${this.name}: no reply within ${timeoutMs} ms\n${this.logs()}`));
      }, timeoutMs);
      const on = (m: any) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.child.off('message', on);
        resolve(m as T);
      };
      this.child.on('message', on);
    });
  }
  /** SIGTERM (SIGINT lets --cpu-prof write its profile), then SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 12_000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface Seed {
  apiKeys: string[];
  responder: { email: string; password: string };
}

/** A desk, four fact-checking organisations with API keys and an EMB responder. */
export async function seed(db: Db): Promise<Seed> {
  await createDesk(db, { name: 'General desk', isDefault: true });
  const emb = await createOrganisation(db, { name: 'Electoral Tribunal', kind: 'emb' });
  const apiKeys: string[] = [];
  for (const name of ['Bench A', 'Bench B', 'Bench C', 'Bench D']) {
    const o = await createOrganisation(db, { name, kind: 'fact_checker' });
    const key = generateApiKey();
    await createApiKey(db, { organisationId: o.id, label: 'bench', prefix: key.prefix, keyHash: key.hash });
    apiKeys.push(key.key);
  }
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const email = 'responder@bench.sitroom';
  await createUser(db, { organisationId: emb.id, email, name: 'Bench responder', passwordHash: await hashPassword(password), roles: ['responder'], deskId: null });
  return { apiKeys, responder: { email, password } };
}

export interface StackOptions {
  /** A directory to write `--cpu-prof` profiles of the API and worker into. */
  profileDir?: string;
  apiEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
}

export interface BenchStack {
  baseUrl: string;
  databaseUrl: string;
  prefix: string;
  db: Db;
  seed: Seed;
  cookie: string;
  api: Child;
  worker: Child;
  /** Stops the processes and lets their profiles be written; the database stays until cleanup. */
  stop(): Promise<void>;
}

/** Starts a fresh database, Redis prefix, API and worker, seeds them and signs the responder in. */
export async function startBenchStack(options: StackOptions = {}): Promise<BenchStack> {
  const database = await createBenchDatabase();
  await migrateToLatest(database.url);
  const db = createDb(database.url, { max: 4, applicationName: 'sitroom-bench' });
  onCleanup(() => db.destroy());
  const fixture = await seed(db);
  const prefix = redisPrefix();
  const port = await freePort();
  // One directory per process: tsx's loader thread writes a profile of its own next to the main thread's.
  const prof = (name: string) => (options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', `${options.profileDir}/${name}`] : []);
  const common = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const api = new Child('api', 'apps/api/src/server.ts', {
    ...common, PORT: String(port), HOST: '127.0.0.1', COOKIE_SECURE: 'false',
    RATE_LIMIT_REPORTS_PER_KEY: '100000000', RATE_LIMIT_REPORTS_PER_IP: '100000000', ...options.apiEnv,
  }, prof('api'));
  const worker = new Child('worker', 'apps/worker/src/main.ts', {
    ...common, RECONCILE_AFTER_MS: '60000', RECONCILE_EVERY_MS: '10000', ...options.workerEnv,
  }, prof('worker'));
  const baseUrl = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (!api.running) throw new Error(`API exited:\n${api.logs()}`);
    return fetch(`${baseUrl}/readyz`).then((r) => r.ok, () => false);
  }, 'the API to be ready', 30_000, 200);
  const res = await fetch(`${baseUrl}/api/v1/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fixture.responder),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sitroom_session='))?.split(';')[0];
  if (res.status !== 200 || !cookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return {
    baseUrl, databaseUrl: database.url, prefix, db, seed: fixture, cookie, api, worker,
    async stop() {
      // SIGINT: both servers shut down gracefully on it, and Node writes --cpu-prof on a normal exit.
      await Promise.all([api.stop('SIGINT'), worker.stop('SIGINT')]);
    },
  };
}
