import type { OrganisationKind, Role } from '@sitroom/core';
import { sql } from 'kysely';
import type { DbOrTrx } from './connection.ts';

export async function createOrganisation(db: DbOrTrx, input: { name: string; kind: OrganisationKind }) {
  return db.insertInto('organisations').values(input).returning(['id', 'name', 'kind']).executeTakeFirstOrThrow();
}

export async function findOrganisationByName(db: DbOrTrx, name: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'kind']).where('name', '=', name).executeTakeFirst();
}

export async function listOrganisations(db: DbOrTrx) {
  return db.selectFrom('organisations').select(['id', 'name', 'kind', 'createdAt']).orderBy('name').execute();
}

export async function createDesk(db: DbOrTrx, input: { name: string; isDefault?: boolean }) {
  return db.insertInto('desks').values(input).returning(['id', 'name', 'isDefault']).executeTakeFirstOrThrow();
}

export async function findDeskByName(db: DbOrTrx, name: string) {
  return db.selectFrom('desks').select(['id', 'name', 'isDefault']).where('name', '=', name).executeTakeFirst();
}

export async function getDefaultDesk(db: DbOrTrx) {
  return db.selectFrom('desks').select(['id', 'name']).where('isDefault', '=', true).executeTakeFirst();
}

export async function listDesks(db: DbOrTrx) {
  return db.selectFrom('desks').select(['id', 'name', 'isDefault']).orderBy('name').execute();
}

export async function createUser(
  db: DbOrTrx,
  input: { organisationId: string; email: string; name: string; passwordHash: string; roles: Role[]; deskId?: string | null },
) {
  return db
    .insertInto('users')
    .values({ ...input, email: input.email.toLowerCase(), deskId: input.deskId ?? null })
    .returning(['id', 'email', 'name', 'roles', 'organisationId', 'deskId'])
    .executeTakeFirstOrThrow();
}

/** The user behind a sign-in attempt, with the hash to check against. */
export async function findUserForSignIn(db: DbOrTrx, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'passwordHash'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** The public face of a user: never the password hash. */
export async function findUserById(db: DbOrTrx, id: string) {
  return db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisationId')
    .select([
      'users.id', 'users.email', 'users.name', 'users.roles', 'users.organisationId', 'users.deskId', 'users.locale',
      'organisations.name as organisationName',
    ])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

export async function createSession(db: DbOrTrx, input: { id: string; userId: string; expiresAt: Date }) {
  await db.insertInto('sessions').values(input).execute();
}

/** The user id of a live session, or undefined when it is unknown or expired. */
export async function findSessionUserId(db: DbOrTrx, sessionHash: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('userId')
    .where('id', '=', sessionHash)
    .where('expiresAt', '>', new Date())
    .executeTakeFirst();
  return row?.userId;
}

/** What a live session's user may see: checked against what a socket was let in with. */
export interface SessionAccess {
  userId: string;
  roles: string[];
  deskId: string | null;
  organisationId: string;
}

/** The sessions among these that are still live (known and not expired), with their users' access now, in one query. */
export async function findLiveSessions(db: DbOrTrx, sessionHashes: string[]): Promise<Map<string, SessionAccess>> {
  if (sessionHashes.length === 0) return new Map();
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(['sessions.id', 'sessions.userId', 'users.roles', 'users.deskId', 'users.organisationId'])
    .where('sessions.id', 'in', sessionHashes)
    .where('sessions.expiresAt', '>', new Date())
    .execute();
  return new Map(rows.map((r) => [r.id, { userId: r.userId, roles: [...r.roles], deskId: r.deskId, organisationId: r.organisationId }]));
}

export async function deleteSession(db: DbOrTrx, sessionHash: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionHash).execute();
}

export async function createApiKey(db: DbOrTrx, input: { organisationId: string; label: string; prefix: string; keyHash: string }) {
  return db.insertInto('apiKeys').values(input).returning(['id', 'organisationId', 'label', 'prefix', 'createdAt']).executeTakeFirstOrThrow();
}

/** The organisation behind a key that has not been revoked. */
export async function findActiveApiKey(db: DbOrTrx, keyHash: string) {
  return db
    .selectFrom('apiKeys')
    .innerJoin('organisations', 'organisations.id', 'apiKeys.organisationId')
    .select(['apiKeys.id', 'apiKeys.organisationId', 'organisations.name as organisationName', 'apiKeys.lastUsedAt'])
    .where('apiKeys.keyHash', '=', keyHash)
    .where('apiKeys.revokedAt', 'is', null)
    .executeTakeFirst();
}

/** The active keys among many hashes, in one query (unknown and revoked hashes are absent). */
export async function findActiveApiKeys(db: DbOrTrx, keyHashes: string[]) {
  if (keyHashes.length === 0) return [];
  return db
    .selectFrom('apiKeys')
    .innerJoin('organisations', 'organisations.id', 'apiKeys.organisationId')
    .select(['apiKeys.id', 'apiKeys.keyHash', 'apiKeys.organisationId', 'organisations.name as organisationName', 'apiKeys.lastUsedAt'])
    .where('apiKeys.keyHash', 'in', keyHashes)
    .where('apiKeys.revokedAt', 'is', null)
    .execute();
}

export async function touchApiKey(db: DbOrTrx, id: string) {
  await db.updateTable('apiKeys').set({ lastUsedAt: new Date() }).where('id', '=', id).execute();
}

export async function listApiKeys(db: DbOrTrx, organisationId?: string) {
  let q = db
    .selectFrom('apiKeys')
    .innerJoin('organisations', 'organisations.id', 'apiKeys.organisationId')
    .select(['apiKeys.id', 'apiKeys.label', 'apiKeys.prefix', 'organisations.name as organisationName', 'apiKeys.createdAt', 'apiKeys.lastUsedAt', 'apiKeys.revokedAt'])
    .orderBy('apiKeys.createdAt', 'desc');
  if (organisationId) q = q.where('apiKeys.organisationId', '=', organisationId);
  return q.execute();
}

/** Revokes a key by id or by its visible prefix; returns how many keys were revoked. */
export async function revokeApiKey(db: DbOrTrx, idOrPrefix: string): Promise<number> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  const result = await db
    .updateTable('apiKeys')
    .set({ revokedAt: new Date() })
    .where(isUuid ? 'id' : 'prefix', '=', idOrPrefix)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function createElection(db: DbOrTrx, input: { name: string; pollingDay: string; timezone: string; regions: { code: string; name: string }[] }) {
  const election = await db
    .insertInto('elections')
    .values({ name: input.name, pollingDay: input.pollingDay, timezone: input.timezone })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  if (input.regions.length) {
    await db.insertInto('regions').values(input.regions.map((r) => ({ ...r, electionId: election.id }))).execute();
  }
  return election;
}

export async function setUserLocale(db: DbOrTrx, userId: string, locale: 'en' | 'es') {
  await db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}
