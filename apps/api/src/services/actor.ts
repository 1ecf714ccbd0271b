import type { FastifyRequest } from 'fastify';
import type { Actor } from '@sitroom/db';
import type { Viewer } from '@sitroom/core';

/** Who an audit event names for this request. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (!p) return { type: 'system', id: null };
  return p.kind === 'user' ? { type: 'user', id: p.user.id } : { type: 'api_key', id: p.apiKeyId };
}

/** The signed-in user as TLP rules see them (only call on routes that require a user). */
export function viewerOf(request: FastifyRequest): Viewer {
  const p = request.principal;
  if (p?.kind !== 'user') throw new Error('viewerOf needs a signed-in user');
  return { organisationId: p.user.organisationId, roles: p.user.roles, deskId: p.user.deskId };
}
