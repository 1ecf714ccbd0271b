import { randomUUID } from 'node:crypto';
import type { ReportInput, Role } from '@sitroom/core';
import { createApiKey, createDesk, createOrganisation, createUser, generateApiKey, hashPassword, type Db } from '@sitroom/db';

/** A valid report; each call differs, so tests never collide by accident. */
export function newReport(overrides: Partial<ReportInput> = {}): ReportInput {
  // A decimal number: hex ids like "a3f0c2e1" sometimes read to dedup as the same rumour.
  const n = String(parseInt(randomUUID().replace(/-/g, '').slice(0, 12), 16)).padStart(15, '0');
  return {
    claim: `La mesa de votación ${n} fue trasladada a otro recinto sin aviso`,
    urls: [`https://www.facebook.com/groups/elecciones/posts/${Date.now()}${n.replace(/\D/g, '')}`],
    platform: 'facebook',
    language: 'es',
    region: 'LP',
    category: 'voting_process',
    observedAt: new Date(Date.now() - 60_000).toISOString(),
    reach: 1200,
    ...overrides,
  };
}

export interface FixtureOrg {
  id: string;
  name: string;
  apiKey: string;
}
export interface FixtureUser {
  id: string;
  email: string;
  password: string;
}
export interface Fixture {
  deskId: string;
  orgA: FixtureOrg;
  orgB: FixtureOrg;
  emb: { id: string; name: string };
  responder: FixtureUser;
  admin: FixtureUser;
  reporter: FixtureUser;
}

const PASSWORD = 'test-password-1';

async function org(db: Db, name: string): Promise<FixtureOrg> {
  const o = await createOrganisation(db, { name, kind: 'fact_checker' });
  const key = generateApiKey();
  await createApiKey(db, { organisationId: o.id, label: 'test', prefix: key.prefix, keyHash: key.hash });
  return { id: o.id, name: o.name, apiKey: key.key };
}

async function user(db: Db, organisationId: string, email: string, roles: Role[], deskId: string | null, passwordHash: string): Promise<FixtureUser> {
  const u = await createUser(db, { organisationId, email, name: email.split('@')[0]!, passwordHash, roles, deskId });
  return { id: u.id, email, password: PASSWORD };
}

/** Two fact-checking organisations with API keys, an EMB with a responder and an admin, a default desk. */
export async function seedFixture(db: Db): Promise<Fixture> {
  const desk = await createDesk(db, { name: 'General desk', isDefault: true });
  const emb = await createOrganisation(db, { name: 'Electoral Tribunal', kind: 'emb' });
  const orgA = await org(db, 'Chequea Test');
  const orgB = await org(db, 'Verifica Test');
  const passwordHash = await hashPassword(PASSWORD);
  return {
    deskId: desk.id,
    orgA,
    orgB,
    emb: { id: emb.id, name: emb.name },
    responder: await user(db, emb.id, 'responder@test.sitroom', ['responder'], desk.id, passwordHash),
    admin: await user(db, emb.id, 'admin@test.sitroom', ['admin'], null, passwordHash),
    reporter: await user(db, orgA.id, 'reporter@test.sitroom', ['reporter'], null, passwordHash),
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Adds one user per role to a fixture's EMB (approver, lead) so every role has someone. */
export async function addRoleUsers(db: Db, fx: Fixture): Promise<{ approver: FixtureUser; approver2: FixtureUser; lead: FixtureUser }> {
  const passwordHash = await hashPassword(PASSWORD);
  return {
    approver: await user(db, fx.emb.id, 'approver@test.sitroom', ['approver'], fx.deskId, passwordHash),
    approver2: await user(db, fx.emb.id, 'approver2@test.sitroom', ['approver'], fx.deskId, passwordHash),
    lead: await user(db, fx.emb.id, 'lead@test.sitroom', ['lead'], null, passwordHash),
  };
}
