import { sql } from 'kysely';
import type { DbOrTrx } from './connection.ts';

// Queries only the operator command line needs (seed-demo, desk and key administration).

export async function findElectionByName(db: DbOrTrx, name: string) {
  return db.selectFrom('elections').select(['id', 'name', 'pollingDay', 'timezone']).where('name', '=', name).executeTakeFirst();
}

export async function setElectionPollingDay(db: DbOrTrx, id: string, pollingDay: string) {
  await db.updateTable('elections').set({ pollingDay }).where('id', '=', id).execute();
}

/** Adds the regions an election does not have yet; returns how many were added. */
export async function addMissingRegions(db: DbOrTrx, electionId: string, regions: { code: string; name: string }[]): Promise<number> {
  if (regions.length === 0) return 0;
  const rows = await db
    .insertInto('regions')
    .values(regions.map((r) => ({ ...r, electionId })))
    .onConflict((oc) => oc.columns(['electionId', 'code']).doNothing())
    .returning('code')
    .execute();
  return rows.length;
}

export async function findUserIdByEmail(db: DbOrTrx, email: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row?.id;
}

export async function countActiveApiKeys(db: DbOrTrx, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('apiKeys')
    .select(db.fn.countAll<string>().as('n'))
    .where('organisationId', '=', organisationId)
    .where('revokedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Keys matching an id or a visible prefix, revoked or not: what `key:revoke` is about to touch. */
export async function findApiKeysByIdOrPrefix(db: DbOrTrx, idOrPrefix: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  return db
    .selectFrom('apiKeys')
    .innerJoin('organisations', 'organisations.id', 'apiKeys.organisationId')
    .select(['apiKeys.id', 'apiKeys.prefix', 'apiKeys.label', 'organisations.name as organisationName', 'apiKeys.revokedAt'])
    .where(isUuid ? 'apiKeys.id' : 'apiKeys.prefix', '=', idOrPrefix)
    .execute();
}

/** Makes no desk the default, so another one can become it (one default at most, by index). */
export async function clearDefaultDesk(db: DbOrTrx) {
  await db.updateTable('desks').set({ isDefault: false }).where('isDefault', '=', true).execute();
}
