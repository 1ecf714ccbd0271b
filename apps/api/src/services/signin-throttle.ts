import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { AppError } from '@sitroom/core';

/** After this many failed sign-ins for one email in the window, that email is locked for the rest of it. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** And per client address, whatever the email (password spraying). */
export const MAX_FAILURES_PER_IP = 30;
export const WINDOW_SECONDS = 15 * 60;

export class TooManyAttemptsError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'too_many_attempts', `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}

const keyOf = (prefix: string, kind: string, value: string) =>
  `${prefix}:signin-fail:${kind}:${createHash('sha256').update(value.toLowerCase()).digest('hex').slice(0, 32)}`;

/**
 * Failed sign-in counters in Redis, so the lockout holds across API processes. If Redis is down,
 * sign-in still works (the password check itself is slow by design) and the failure is logged.
 */
export function signInThrottle(redis: Redis, prefix: string) {
  return {
    async assertAllowed(email: string, ip: string) {
      const [byEmail, byIp] = await Promise.all([
        redis.get(keyOf(prefix, 'email', email)), redis.get(keyOf(prefix, 'ip', ip)),
      ]);
      const emailKey = keyOf(prefix, 'email', email);
      if (Number(byEmail ?? 0) >= MAX_FAILURES_PER_EMAIL) throw new TooManyAttemptsError(Math.max(1, await redis.ttl(emailKey)));
      if (Number(byIp ?? 0) >= MAX_FAILURES_PER_IP) throw new TooManyAttemptsError(Math.max(1, await redis.ttl(keyOf(prefix, 'ip', ip))));
    },
    async recordFailure(email: string, ip: string) {
      const multi = redis.multi();
      for (const key of [keyOf(prefix, 'email', email), keyOf(prefix, 'ip', ip)]) {
        multi.incr(key).expire(key, WINDOW_SECONDS, 'NX');
      }
      await multi.exec();
    },
    async recordSuccess(email: string) {
      await redis.del(keyOf(prefix, 'email', email));
    },
  };
}
