import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { ServiceError } from './errors.ts';
import { freePort, waitFor } from './ports.ts';

export interface EnsureRedisOptions {
  /** Use this server as it is (after checking it answers). */
  redisUrl?: string;
  /** A server to try before spawning one. */
  localUrl?: string;
  /** Where a spawned redis-server keeps its append-only file and log. */
  dataDir: string;
  /** The redis-server executable (looked up on PATH). */
  executable?: string;
  log?: (line: string) => void;
}

export interface RedisHandle {
  url: string;
  source: 'env' | 'local' | 'spawned';
  /** Stops the server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

const DEFAULT_LOCAL_URL = 'redis://127.0.0.1:6379';

/** True when the server at `url` answers PING. */
export async function redisAnswers(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const HOW_TO_GET_REDIS =
  'Redis is needed and none was found. Either\n' +
  '  - install it: `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), then rerun; or\n' +
  '  - point REDIS_URL at a server, e.g. REDIS_URL=redis://127.0.0.1:6379 pnpm start';

/**
 * Finds or starts Redis: REDIS_URL if given; else a server on 127.0.0.1:6379 that answers PING;
 * else a `redis-server` from PATH on a free port, persisting to an append-only file in `dataDir`.
 */
export async function ensureRedis(options: EnsureRedisOptions): Promise<RedisHandle> {
  const log = options.log ?? (() => {});
  const noop = async () => {};

  if (options.redisUrl) {
    if (!(await redisAnswers(options.redisUrl, 5_000))) throw new ServiceError(`Redis at REDIS_URL (${options.redisUrl}) does not answer PING`);
    return { url: options.redisUrl, source: 'env', stop: noop };
  }
  const localUrl = options.localUrl ?? DEFAULT_LOCAL_URL;
  if (await redisAnswers(localUrl)) return { url: localUrl, source: 'local', stop: noop };

  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const logFile = path.join(path.dirname(dataDir), 'redis.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const executable = options.executable ?? 'redis-server';
  log(`no Redis at ${localUrl}; starting ${executable} on port ${port} (data in ${dataDir})`);

  let child: ChildProcess;
  try {
    child = spawn(
      executable,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'yes', '--daemonize', 'no'],
      // Its own process group: a Ctrl-C in the terminal reaches us, and we stop Redis last.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
  } catch {
    throw new ServiceError(HOW_TO_GET_REDIS);
  }
  child.stdout?.pipe(logStream, { end: false });
  child.stderr?.pipe(logStream, { end: false });

  let exited = false;
  const exitedEarly = new Promise<Error>((resolve) => {
    child.once('error', (err) => {
      exited = true;
      resolve(err);
    });
    child.once('exit', (code, signal) => {
      exited = true;
      resolve(new Error(`redis-server exited (${signal ?? `code ${code}`}); see ${logFile}`));
    });
  });
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const url = `redis://127.0.0.1:${port}`;
  const ready = await Promise.race([
    waitFor(() => redisAnswers(url, 500), 10_000).then((ok) => (ok ? null : new Error(`redis-server did not answer within 10 s; see ${logFile}`))),
    exitedEarly,
  ]);
  if (ready) {
    process.off('exit', killOnExit);
    if (!exited) child.kill('SIGKILL');
    logStream.end();
    const enoent = (ready as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ServiceError(enoent ? HOW_TO_GET_REDIS : `could not start Redis: ${ready.message}`);
  }

  return {
    url,
    source: 'spawned',
    async stop() {
      process.off('exit', killOnExit);
      if (!exited) {
        child.kill('SIGTERM');
        const gone = await Promise.race([exitedEarly.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
        if (!gone) child.kill('SIGKILL');
      }
      logStream.end();
    },
  };
}
