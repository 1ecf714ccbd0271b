import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../apps/api/src/app.ts';
import { loadApiConfig } from '../../apps/api/src/config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createRedisPrefix } from './redis.ts';
import { TEST_REDIS_URL } from './env.ts';
import { addRoleUsers, seedFixture, type Fixture } from './fixtures.ts';

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

const sessions = new WeakMap<InProcessApi, Map<string, string>>();

/**
 * A request to `api` as `user`, signed in once per API and user (the session cookie is kept):
 * the status and the parsed body.
 */
export async function injectAs<T = any>(
  api: InProcessApi, user: { email: string; password: string }, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown,
): Promise<{ status: number; body: T }> {
  let cookies = sessions.get(api);
  if (!cookies) sessions.set(api, (cookies = new Map()));
  if (!cookies.has(user.email)) {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: user.email, password: user.password } });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${user.email} answered ${res.statusCode}: ${res.body}`);
    cookies.set(user.email, String(res.headers['set-cookie']).split(';')[0]!);
  }
  const res = await api.app.inject({ method, url, headers: { cookie: cookies.get(user.email)! }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
}

export interface SeededTestApi {
  api: InProcessApi;
  fx: Fixture;
  users: Awaited<ReturnType<typeof addRoleUsers>>;
}

/**
 * The in-process API over a database of the calling test file's own, with the fixture and its role
 * users: built before the file's tests, closed after them. Its fields are set once `beforeAll` has
 * run, so read them inside tests and hooks.
 */
export function seededTestApi(env: Record<string, string> = {}): SeededTestApi {
  const t = {} as SeededTestApi;
  beforeAll(async () => {
    t.api = await buildTestApi(env);
    t.fx = await seedFixture(t.api.database.db);
    t.users = await addRoleUsers(t.api.database.db, t.fx);
  });
  afterAll(async () => {
    await t.api?.close();
  });
  return t;
}
