// Finding or starting Postgres and Redis for local runs; `sitroom start` and the test harness share it.
export { ensurePostgres, redactUrl, type EnsurePostgresOptions, type PostgresHandle } from './postgres.ts';
export { ensureRedis, redisAnswers, type EnsureRedisOptions, type RedisHandle } from './redis.ts';
export { ServiceError } from './errors.ts';
export { freePort, isPortFree, waitFor } from './ports.ts';
