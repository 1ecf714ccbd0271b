import type { Redis } from 'ioredis';
import { AppError } from '@sitroom/core';

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

/**
 * Fixed-window counters in Redis, shared by every API process: one pipelined round trip checks
 * all limits of a request. If Redis does not answer, requests pass (the limiter must not turn a
 * Redis outage into an intake outage; intake is durable in Postgres).
 */
export function rateLimiter(redis: Redis, prefix: string, windowSeconds: number) {
  return async function check(limits: Limit[]): Promise<void> {
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const pipeline = redis.pipeline();
    for (const l of limits) {
      const key = `${prefix}:rl:${l.subject}:${window}`;
      pipeline.incr(key).expire(key, windowSeconds + 1, 'NX');
    }
    const results = await pipeline.exec();
    if (!results) return;
    limits.forEach((l, i) => {
      const [err, count] = results[i * 2]!;
      if (!err && Number(count) > l.max) {
        const retryAfter = Math.max(1, (window + 1) * windowSeconds - Math.floor(Date.now() / 1000));
        throw new RateLimitedError(retryAfter, l.what);
      }
    });
  };
}
