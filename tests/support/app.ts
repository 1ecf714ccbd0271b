import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/api/src/app.ts';
import { loadApiConfig } from '../../apps/api/src/config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createRedisPrefix } from './redis.ts';
import { TEST_REDIS_URL } from './env.ts';

export interface InProcessApi {
  app: FastifyInstance;
  database: TestDatabase;
  redisPrefix: string;
  close(): Promise<void>;
}

/** The API built in this process (app.inject), over a database and Redis prefix of the test's own. */
export async function buildTestApi(env: Record<string, string> = {}): Promise<InProcessApi> {
  const database = await createTestDatabase();
  const redis = createRedisPrefix();
  const config = loadApiConfig({}, {
    DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redis.prefix, LOG_LEVEL: process.env.TEST_API_LOG_LEVEL ?? 'silent', COOKIE_SECURE: 'false', ...env,
  });
  const app = await buildApp(config, { sockets: false });
  await app.ready();
  return {
    app,
    database,
    redisPrefix: redis.prefix,
    async close() {
      await app.close();
      await redis.cleanup();
      await database.drop();
    },
  };
}
