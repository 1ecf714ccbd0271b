import type { Redis } from 'ioredis';
import { AppError, MicroBatcher } from '@sitroom/core';

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, what: string) {
    super(429, 'rate_limited', `Too many requests from this ${what}. Try again in ${retryAfterSeconds} s.`, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}

export interface Limit {
  /** What is counted, e.g. `key:<api key id>` or `ip:<address>`. */
  subject: string;
  what: string;
  max: number;
}

/** The counter value each limit of each request reached, in order. */
export function countsInOrder(requests: Limit[][], totals: Map<string, number>): number[][] {
  // Each subject's total covers this batch's requests: the first of them got total - n + 1, and so on.
  const used = new Map<string, number>();
  for (const limits of requests) for (const l of limits) used.set(l.subject, (used.get(l.subject) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [subject, n] of used) next.set(subject, (totals.get(subject) ?? n) - n + 1);
  return requests.map((limits) => limits.map((l) => {
    const c = next.get(l.subject)!;
    next.set(l.subject, c + 1);
    return c;
  }));
}

/**
 * Fixed-window counters in Redis, shared by every API process. Requests checked together share
 * one pipelined round trip: one INCRBY per subject for all of them, each request then getting the
 * count it would have got alone. If Redis does not answer, requests pass (the limiter must not turn
 * a Redis outage into an intake outage; intake is durable in Postgres).
 */
export function rateLimiter(redis: Redis, prefix: string, windowSeconds: number) {
  // A refused request's result is its RateLimitedError, which the batcher turns into a rejection.
  const batcher = new MicroBatcher<Limit[], null>({
    maxBatch: 500,
    maxInFlight: 2,
    run: async (requests) => {
      const window = Math.floor(Date.now() / 1000 / windowSeconds);
      const n = new Map<string, number>();
      for (const limits of requests) for (const l of limits) n.set(l.subject, (n.get(l.subject) ?? 0) + 1);
      const pipeline = redis.pipeline();
      const subjects = [...n.keys()];
      for (const s of subjects) {
        const key = `${prefix}:rl:${s}:${window}`;
        pipeline.incrby(key, n.get(s)!).expire(key, windowSeconds + 1, 'NX');
      }
      const results = await pipeline.exec();
      const totals = new Map<string, number>();
      subjects.forEach((s, i) => {
        const [err, count] = results?.[i * 2] ?? [new Error('no reply')];
        if (!err) totals.set(s, Number(count));
      });
      const retryAfter = Math.max(1, (window + 1) * windowSeconds - Math.floor(Date.now() / 1000));
      const counts = countsInOrder(requests, totals);
      return requests.map((limits, r) => {
        const over = limits.find((l, i) => totals.has(l.subject) && counts[r]![i]! > l.max);
        return over ? new RateLimitedError(retryAfter, over.what) : null;
      });
    },
  });
  return async function check(limits: Limit[]): Promise<void> {
    await batcher.add(limits);
  };
}
