import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// timestamptz → Date (pg default); int8 stays a string to avoid silent precision loss; a DATE
// stays its YYYY-MM-DD text, since it is a calendar day in the election's zone, not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type DbOrTrx = Db | Trx;

export interface DbOptions {
  /** Pool size; the intake path and the worker each want a handful. */
  max?: number;
  applicationName?: string;
}

/** Opens a kysely instance with camelCase mapping over a pg pool. */
export function createDb(connectionString: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'sitroom',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A lost connection (Postgres restarted or unreachable) must never crash the process: errors of
  // idle clients reach the pool, errors of checked-out clients reach the client itself; the query
  // in flight fails on its own and the broken client is discarded when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
}
