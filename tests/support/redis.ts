import { Redis } from 'ioredis';
import { TEST_REDIS_URL, uniqueName } from './env.ts';

/** A Redis key prefix of this test's own, and a way to delete every key under it afterwards. */
export function createRedisPrefix() {
  const prefix = uniqueName('sitroom_t');
  return {
    prefix,
    async cleanup() {
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
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
