/** Fan-out: a thousand dashboard sockets in a child process, and live events injected as a worker would. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Emitter } from '@socket.io/redis-emitter';
import { Child, REDIS_URL, sleep } from './stack.ts';
import { nowMs } from './load.ts';

export interface LagSummary {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}
export interface Collected {
  probe: LagSummary;
  lag: LagSummary;
  lagLast: LagSummary;
  messagesPerSocket: { min: number; max: number };
  sockets: number;
  open: number;
}

export interface Dashboards {
  connected: number;
  failed: number;
  reset(sampleEvery?: number): Promise<void>;
  collect(lastFrom?: number): Promise<Collected>;
  close(): Promise<void>;
}

/** Opens `n` dashboard sockets (websocket transport, the given cookie); `batch` asks for `events.batch`. */
export async function openDashboards(url: string, cookie: string, n: number, batch: boolean): Promise<Dashboards> {
  const child = new Child('dashboards', 'scripts/bench/dashboards.ts', {});
  child.send({ cmd: 'connect', url, cookie, n, batch });
  const { connected, failed } = await child.next<{ connected: number; failed: number }>((m) => 'connected' in m, 120_000);
  return {
    connected,
    failed,
    async reset(sampleEvery = 1) {
      child.send({ cmd: 'reset', sampleEvery });
      await child.next((m) => 'reset' in m, 30_000);
    },
    collect(lastFrom = 0) {
      child.send({ cmd: 'collect', lastFrom });
      return child.next<Collected>((m) => 'probe' in m, 60_000);
    },
    async close() {
      child.send({ cmd: 'close' });
      await Promise.race([child.exited, sleep(5_000)]);
      await child.stop('SIGKILL');
    },
  };
}

/**
 * Publishes `rounds` updates of one incident to `room` through the Redis emitter, the way the worker
 * publishes, each stamped with when it was sent; the dashboards measure arrival minus that stamp.
 */
export async function injectUpdates(prefix: string, room: string, name: string, event: Record<string, any>, rounds = 20, gapMs = 150): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const emitter = new Emitter(redis, { key: `${prefix}:socket.io` });
    for (let k = 1; k <= rounds; k++) {
      emitter.to(room).emit(name, { ...event, version: (event.version ?? 0) + k, incident: event.incident ? { ...event.incident, version: (event.version ?? 0) + k } : undefined, benchSentAt: nowMs() });
      await sleep(gapMs);
    }
    await sleep(1_000);
  } finally {
    redis.disconnect();
  }
}

/**
 * Publishes `rate` live events per second for `seconds`, each about a different incident and stamped
 * `at` = now, as the worker does when it triages that many new reports: the dashboards measure
 * triage → screen without the triage itself in the way.
 */
export async function injectStream(prefix: string, template: Record<string, any>, rate: number, seconds: number): Promise<number> {
  const redis = new Redis(REDIS_URL);
  const emitter = new Emitter(redis, { key: `${prefix}:socket.io` });
  const total = rate * seconds;
  let sent = 0;
  const start = nowMs();
  try {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((nowMs() - start) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        const incidentId = randomUUID();
        emitter.to('incidents:all').emit('incident.created', {
          ...template, eventId: 1_000_000_000 + sent, incidentId, version: 1, reportId: randomUUID(), at: new Date().toISOString(),
          incident: { ...template.incident, id: incidentId, version: 1 },
        });
      }
      await sleep(1);
    }
    await redis.ping(); // every publish has reached Redis
    return sent;
  } finally {
    redis.disconnect();
  }
}
