import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, MicroBatcher, UnauthorizedError, can, type Action, type Role, type SessionUser } from '@sitroom/core';
import { findActiveApiKeys, findSessionUserId, findUserById, sha256, touchApiKey, type Db } from '@sitroom/db';

export const SESSION_COOKIE = 'sitroom_session';
const TOUCH_EVERY_MS = 60_000;

export type Principal =
  | { kind: 'user'; user: SessionUser; sessionHash: string }
  | { kind: 'api_key'; apiKeyId: string; organisationId: string; organisationName: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The signed-in user behind a session token, or null. */
export async function userForSessionToken(db: Db, token: string | undefined): Promise<{ user: SessionUser; sessionHash: string } | null> {
  if (!token) return null;
  const sessionHash = sha256(token);
  const userId = await findSessionUserId(db, sessionHash);
  if (!userId) return null;
  const user = await findUserById(db, userId);
  return user ? { user, sessionHash } : null;
}

type ActiveKey = Awaited<ReturnType<typeof findActiveApiKeys>>[number];

/**
 * Looks API keys up in Postgres on every request (a revoked key fails at once, on every API
 * process), but requests arriving together share one query.
 */
function apiKeyLookup(db: Db) {
  const batcher = new MicroBatcher<string, ActiveKey | null>({
    maxBatch: 500,
    maxInFlight: 2,
    run: async (hashes) => {
      const found = new Map((await findActiveApiKeys(db, [...new Set(hashes)])).map((k) => [k.keyHash, k]));
      return hashes.map((h) => found.get(h) ?? null);
    },
  });
  // When each key was last recorded as used by this process, so a burst records it once, not per request.
  const touched = new Map<string, number>();
  return {
    find: (keyHash: string) => batcher.add(keyHash),
    shouldTouch(key: ActiveKey): boolean {
      const last = Math.max(key.lastUsedAt?.getTime() ?? 0, touched.get(key.id) ?? 0);
      if (Date.now() - last <= TOUCH_EVERY_MS) return false;
      touched.set(key.id, Date.now());
      return true;
    },
  };
}

async function resolvePrincipal(request: FastifyRequest, keys: ReturnType<typeof apiKeyLookup>): Promise<Principal | null> {
  const db = request.server.db;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <API key>".');
    const key = await keys.find(sha256(match[1]!));
    if (!key) throw new UnauthorizedError('Unknown or revoked API key.');
    if (keys.shouldTouch(key)) {
      touchApiKey(db, key.id).catch((err: unknown) => request.log.warn({ err }, 'could not record API key use'));
    }
    return { kind: 'api_key', apiKeyId: key.id, organisationId: key.organisationId, organisationName: key.organisationName };
  }
  const session = await userForSessionToken(db, request.cookies[SESSION_COOKIE]);
  return session ? { kind: 'user', ...session } : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for requests authenticated by the session cookie: besides the SameSite=Strict
 * cookie, a state-changing request must not come from another site. Browsers always send
 * `Origin` (and `Sec-Fetch-Site`) with such requests; a forged cross-site form or fetch carries a
 * foreign origin and is refused. Clients that are not browsers send neither and cannot be the
 * victim of CSRF. (OWASP: "verifying origin with standard headers".)
 */
function assertSameOrigin(request: FastifyRequest) {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ForbiddenError('Cross-site request refused: state-changing requests must come from the Sitroom dashboard itself.');
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    let own: string | null = null;
    try {
      own = new URL(`${request.protocol}://${request.host}`).host;
    } catch {
      own = null;
    }
    if (host === null || host !== own) {
      throw new ForbiddenError('Cross-site request refused: state-changing requests must come from the Sitroom dashboard itself.');
    }
  }
}

/** Resolves who is calling (API key or session) before any handler runs. */
export const authPlugin = fp(async (app) => {
  app.decorateRequest('principal', null);
  const keys = apiKeyLookup(app.db);
  // onRequest, before the body is parsed and validated: a caller who may not use a route learns
  // nothing from its validation errors.
  app.addHook('onRequest', async (request) => {
    request.principal = await resolvePrincipal(request, keys);
    if (request.principal?.kind === 'user' && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  });
});

/** Route guard: a signed-in user with one of `roles` (any role when empty). */
export function requireUser(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const p = request.principal;
    if (!p) throw new UnauthorizedError();
    if (p.kind !== 'user') throw new ForbiddenError('This endpoint needs a signed-in user, not an API key.');
    if (roles.length && !roles.some((r) => p.user.roles.includes(r))) throw new ForbiddenError();
  };
}

/** Route guard: an API key, or a signed-in user with one of `roles`. */
export function requireKeyOrUser(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const p = request.principal;
    if (!p) throw new UnauthorizedError();
    if (p.kind === 'user' && roles.length && !roles.some((r) => p.user.roles.includes(r))) throw new ForbiddenError();
  };
}

/** Route guard driven by the permission matrix of @sitroom/core: a signed-in user allowed `action`. */
export function requirePermission(action: Action) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const p = request.principal;
    if (!p) throw new UnauthorizedError();
    if (p.kind !== 'user') throw new ForbiddenError('This endpoint needs a signed-in user, not an API key.');
    if (!can(p.user.roles, action)) throw new ForbiddenError(`Your role does not allow ${action.replace('.', ': ').replace(/_/g, ' ')}.`);
  };
}

/** Route guard: an organisation's API key, or a signed-in user allowed `action`. */
export function requireKeyOrPermission(action: Action) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const p = request.principal;
    if (!p) throw new UnauthorizedError();
    if (p.kind === 'user' && !can(p.user.roles, action)) throw new ForbiddenError(`Your role does not allow ${action.replace('.', ': ').replace(/_/g, ' ')}.`);
  };
}

