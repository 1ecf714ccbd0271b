import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
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
  /** Sends statements with parameters as prepared statements (see `prepareStatements`). */
  prepareStatements?: boolean;
}

/**
 * Most statements a connection prepares; later ones run unprepared. A statement whose text follows
 * the data (a list of n values, n rows of VALUES) takes a slot per length, so the slots go to the
 * statements a connection runs first, and a bound keeps what each backend holds small.
 */
const PREPARED_PER_CONNECTION = 100;

/**
 * Makes `client` send statements with parameters as named prepared statements: Postgres parses
 * each once per connection, and after a few runs plans it once too, when its generic plan costs no
 * more than one made for the values at hand. Triage runs the same few statements per report, and
 * parsing and planning them took about as long as running them.
 *
 * A prepared statement outlives a migration on its connection; one whose result columns changed
 * (`select *` after a column was added) fails once with 0A000 ("cached plan must not change result
 * type"), and is prepared again under a new name the next time.
 */
function prepareStatements(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  let prepared = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length !== 2 || !Array.isArray(values) || values.length === 0) return query(...args);
    let name = names.get(text);
    if (!name && prepared < PREPARED_PER_CONNECTION) {
      name = `sitroom_${++prepared}`;
      names.set(text, name);
    }
    return query({ ...(name ? { name } : {}), text, values }).catch((err: { code?: string }) => {
      if (err?.code === '0A000' || err?.code === '26000') names.delete(text);
      throw err;
    });
  };
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
  pool.on('connect', (client) => {
    client.on('error', () => {});
    if (options.prepareStatements) prepareStatements(client);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
}

/**
 * Runs `fn` in a transaction that commits without waiting for its WAL flush (synchronous_commit
 * off): for work that a crash of Postgres may lose, because something notices and does it again
 * (see the callers). BEGIN and the setting go in one round trip. `fn` gets the transaction's
 * connection, and must not start a transaction of its own.
 */
export async function transactionWithAsyncCommit<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw('begin; set local synchronous_commit = off').execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (err) {
      await sql.raw('rollback').execute(conn).catch(() => {});
      throw err;
    }
    await sql.raw('commit').execute(conn);
    return result;
  });
}
