import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from './connection.ts';
import { migrateToLatest } from './migrate.ts';

export interface ScratchDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database named `<prefix>_<random>` on the server of `adminUrl`, for a script
 * that must not touch real data (e.g. the dedup evaluation); `drop()` removes it.
 */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${c.escapeIdentifier(name)}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await migrateToLatest(url.toString());
  } catch (err) {
    await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`));
    throw err;
  }
  const db = createDb(url.toString(), { max: 4, applicationName: 'sitroom-scratch' });
  return {
    name,
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`));
    },
  };
}
