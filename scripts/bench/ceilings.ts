/** Raw ceilings of this machine, measured in the same run: Postgres inserts and Redis round trips. */
import pg from 'pg';
import { Redis } from 'ioredis';
import { nowMs } from './load.ts';

/** Runs `step` (which does `perStep` operations) repeatedly for `ms`; returns operations per second. */
async function rate(ms: number, perStep: number, step: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  let ops = 0;
  while (nowMs() - start < ms) {
    await step();
    ops += perStep;
  }
  return ops / ((nowMs() - start) / 1000);
}

/** Single-row INSERTs per second, awaited one by one on one connection (autocommit). */
export async function postgresInserts(databaseUrl: string, ms = 3_000): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('create table if not exists ceiling_rows (id bigserial primary key, body text not null, at timestamptz not null default now())');
    return await rate(ms, 1, () => client.query('insert into ceiling_rows (body) values ($1)', ['a report-sized payload '.repeat(10)]));
  } finally {
    await client.query('drop table if exists ceiling_rows').catch(() => {});
    await client.end();
  }
}

/** Redis PING round trips per second: one by one, and pipelined 100 at a time. */
export async function redisPings(redisUrl: string, ms = 2_000): Promise<{ single: number; pipelined: number }> {
  const redis = new Redis(redisUrl);
  try {
    const single = await rate(ms, 1, () => redis.ping());
    const pipelined = await rate(ms, 100, () => {
      const p = redis.pipeline();
      for (let i = 0; i < 100; i++) p.ping();
      return p.exec();
    });
    return { single, pipelined };
  } finally {
    redis.disconnect();
  }
}
