import type { FastifyRequest } from 'fastify';
import type { Actor } from '@sitroom/db';

/** Who an audit event names for this request. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (!p) return { type: 'system', id: null };
  return p.kind === 'user' ? { type: 'user', id: p.user.id } : { type: 'api_key', id: p.apiKeyId };
}
