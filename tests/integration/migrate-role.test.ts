import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateToLatest } from '@sitroom/db';
import { ADMIN_DATABASE_URL, databaseUrl, uniqueName } from '../support/env.ts';

// On a managed Postgres the app's role is not a superuser: it owns its database, and pg_trgm is
// often created by an administrator beforehand, so the role does not own the extension either.
// `pnpm sitroom migrate` must still succeed there.

const role = uniqueName('sitroom_role');
const password = 'migrate-as-owner';
const created: string[] = [];

async function asAdmin<T>(fn: (c: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const client = new pg.Client({ connectionString: database ? databaseUrl(database) : ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A database owned by the role (not a superuser), with pg_trgm created by the administrator when `adminExtension`. */
async function ownedDatabase(adminExtension: boolean): Promise<{ name: string; url: string }> {
  const name = uniqueName('sitroom_owned');
  await asAdmin((c) => c.query(`create database "${name}" owner "${role}"`));
  created.push(name);
  if (adminExtension) await asAdmin((c) => c.query('create extension pg_trgm'), name);
  const url = new URL(databaseUrl(name));
  url.username = role;
  url.password = password;
  return { name, url: url.toString() };
}

/** similarity_op's cost, and who owns pg_trgm. */
async function trgm(database: string): Promise<{ cost: number; owner: string }> {
  return asAdmin(async (c) => {
    const { rows: [row] } = await c.query(`
      select p.procost::float8 as cost, pg_get_userbyid(e.extowner) as owner
      from pg_proc p, pg_extension e
      where p.proname = 'similarity_op' and e.extname = 'pg_trgm'`);
    return { cost: Number(row.cost), owner: String(row.owner) };
  }, database);
}

beforeAll(async () => {
  await asAdmin((c) => c.query(`create role "${role}" login nosuperuser nocreatedb nocreaterole password '${password}'`));
});
afterAll(async () => {
  await asAdmin(async (c) => {
    for (const name of created) await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`drop role if exists "${role}"`);
  });
});

describe('migrations as a role that owns its database and nothing else', () => {
  it('apply every migration when an administrator created pg_trgm, leaving its costs as they are', async () => {
    const db = await ownedDatabase(true);
    const applied = await migrateToLatest(db.url);
    expect(applied.length).toBeGreaterThanOrEqual(10);
    expect(applied.every((line) => line.startsWith('applied '))).toBe(true);
    expect(await trgm(db.name)).toEqual({ cost: 1, owner: expect.not.stringMatching(role) });
    // Nothing is left to apply: a second run is a no-op.
    expect(await migrateToLatest(db.url)).toEqual([]);
  });

  it('create pg_trgm themselves (a trusted extension, whose functions stay the superuser\'s)', async () => {
    const db = await ownedDatabase(false);
    expect((await migrateToLatest(db.url)).length).toBeGreaterThanOrEqual(10);
    expect(await trgm(db.name)).toEqual({ cost: 1, owner: role });
  });

  it('raise the costs where they may: as a superuser, as the tests migrate', async () => {
    expect((await trgm(inject('templateDatabase'))).cost).toBe(100);
  });
});
