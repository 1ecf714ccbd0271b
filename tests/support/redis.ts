import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL, uniqueName } from './env.ts';

/** A Redis key prefix of this test's own, and a way to delete every key under it afterwards. */
export function createRedisPrefix(redisUrl: string = TEST_REDIS_URL) {
  const prefix = uniqueName('sitroom_t');
  return {
    prefix,
    async cleanup() {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
      try {
        await redis.connect();
      } catch {
        redis.disconnect();
        return; // that Redis is gone, and its keys with it
      }
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** A redis-server of the test's own on a free loopback port, which the test may stop and start again. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        probe.disconnect();
      }
    }
  }

  /** Kills the server outright (SIGKILL): everything it held in memory is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
