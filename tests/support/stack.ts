import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Db } from '@sitroom/db';
import { createTestDatabase } from './database.ts';
import { createRedisPrefix } from './redis.ts';
import { TEST_REDIS_URL } from './env.ts';
import { eventually } from './fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A real child process of ours (API or worker) whose output is kept for failure messages. */
export class ManagedProcess {
  private child: ChildProcess | null = null;
  private output: string[] = [];
  exitCode: number | null = null;

  constructor(readonly name: string, private readonly entry: string, private readonly env: Record<string, string>) {}

  start(): this {
    this.exitCode = null;
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? 128 : 0);
    });
    this.child = child;
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  logs(): string {
    return this.output.join('');
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a signal and waits for the process to exit; returns its exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}

export interface StackOptions {
  workers?: number;
  apis?: number;
  workerEnv?: Record<string, string>;
  apiEnv?: Record<string, string>;
  startWorker?: boolean;
  /** A Redis of the test's own (e.g. one it restarts); defaults to the shared test Redis. */
  redisUrl?: string;
  /** The URL the processes use for Postgres (e.g. through a proxy the test controls), with `direct` the test's own way in. */
  databaseUrl?: string;
  direct?: Awaited<ReturnType<typeof createTestDatabase>>;
}

export interface Stack {
  baseUrl: string;
  baseUrls: string[];
  databaseUrl: string;
  redisPrefix: string;
  db: Db;
  apis: ManagedProcess[];
  workers: ManagedProcess[];
  newWorker(extraEnv?: Record<string, string>): ManagedProcess;
  stop(): Promise<void>;
}

/**
 * The real system for one test file: a fresh database, a Redis prefix of its own, API process(es)
 * on free loopback ports (serving the built dashboard) and triage worker process(es).
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database = options.direct ?? (await createTestDatabase());
  const redis = createRedisPrefix(options.redisUrl);
  const common = {
    DATABASE_URL: options.databaseUrl ?? database.url,
    REDIS_URL: options.redisUrl ?? TEST_REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  };
  const apis: ManagedProcess[] = [];
  const baseUrls: string[] = [];
  for (let i = 0; i < (options.apis ?? 1); i++) {
    const port = await freePort();
    apis.push(new ManagedProcess(`api${i}`, 'apps/api/src/server.ts', { ...common, PORT: String(port), HOST: '127.0.0.1', COOKIE_SECURE: 'false', ...options.apiEnv }).start());
    baseUrls.push(`http://127.0.0.1:${port}`);
  }
  const workers: ManagedProcess[] = [];
  const newWorker = (extraEnv: Record<string, string> = {}) => {
    const w = new ManagedProcess(`worker${workers.length}`, 'apps/worker/src/main.ts', {
      ...common, WORKER_LOCK_MS: '4000', RECONCILE_AFTER_MS: '1500', RECONCILE_EVERY_MS: '500', ...options.workerEnv, ...extraEnv,
    }).start();
    workers.push(w);
    return w;
  };
  if (options.startWorker !== false) for (let i = 0; i < (options.workers ?? 1); i++) newWorker();

  const stack: Stack = {
    baseUrl: baseUrls[0]!,
    baseUrls,
    databaseUrl: database.url,
    redisPrefix: redis.prefix,
    db: database.db,
    apis,
    workers,
    newWorker,
    async stop() {
      await Promise.all([...apis, ...workers].map((p) => p.stop('SIGTERM')));
      await redis.cleanup();
      await database.drop();
    },
  };
  try {
    for (const [i, url] of baseUrls.entries()) {
      await eventually(async () => {
        if (!apis[i]!.running) throw new Error(`API exited:\n${apis[i]!.logs()}`);
        const res = await fetch(`${url}/readyz`);
        return res.ok;
      }, `API ${url} to be ready`, 30_000, 200);
    }
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}

/** Signs in and returns the session cookie header to send with later requests. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sitroom_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie.split(';')[0]!;
}

export async function postReport(baseUrl: string, apiKey: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/api/v1/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: json as Record<string, any>, headers: res.headers };
}

/** A small JSON client for a signed-in user: `call('POST', '/api/v1/...', body)` → { status, body }. */
export function userClient(baseUrl: string, cookie: string) {
  return async function call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}
