import type { ApiKeyInput, ApiKeyView, OrganisationInput, OrganisationView, UserInput, UserPatch, UserView } from '@sitroom/core';
import { request } from './api.ts';

/** The output type of one of core's zod schemas, without a direct dependency on zod here. */
type Out<S extends { parse(value: unknown): unknown }> = ReturnType<S['parse']>;

export type Organisation = Out<typeof OrganisationView>;
export type OrganisationBody = Out<typeof OrganisationInput>;
export type User = Out<typeof UserView>;
export type UserBody = Out<typeof UserInput>;
export type UserPatchBody = Out<typeof UserPatch>;
export type ApiKey = Out<typeof ApiKeyView>;
export type ApiKeyBody = Out<typeof ApiKeyInput>;
/** The answer to creating a key: the only time the secret itself is sent. */
export type CreatedApiKey = ApiKey & { key: string };

export interface AuditEvent {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  limit?: number;
  before?: number;
}

export interface AuditPage {
  items: AuditEvent[];
  /** The `before` of the next (older) page; null at the oldest event. */
  nextBefore: number | null;
}

type List<T> = Promise<{ items: T[] }>;
const id = (value: string) => encodeURIComponent(value);

/** The query string of an audit page: empty filters are left out, as the API treats them as "any". */
export function auditQueryString(query: AuditQuery): string {
  const params = new URLSearchParams();
  if (query.entityType?.trim()) params.set('entityType', query.entityType.trim());
  if (query.entityId?.trim()) params.set('entityId', query.entityId.trim());
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.before !== undefined) params.set('before', String(query.before));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Organisations, users, API keys and the audit trail: the admin's directory endpoints. */
export const directoryApi = {
  organisations: (signal?: AbortSignal): List<Organisation> => request('GET', '/admin/organisations', { signal }),
  createOrganisation: (body: OrganisationBody): Promise<Organisation> => request('POST', '/admin/organisations', { body }),

  users: (signal?: AbortSignal): List<User> => request('GET', '/admin/users', { signal }),
  createUser: (body: UserBody): Promise<User> => request('POST', '/admin/users', { body }),
  updateUser: (userId: string, body: UserPatchBody): Promise<User> => request('PATCH', `/admin/users/${id(userId)}`, { body }),

  apiKeys: (organisationId: string | null, signal?: AbortSignal): List<ApiKey> =>
    request('GET', `/admin/api-keys${organisationId ? `?organisationId=${id(organisationId)}` : ''}`, { signal }),
  createApiKey: (body: ApiKeyBody): Promise<CreatedApiKey> => request('POST', '/admin/api-keys', { body }),
  revokeApiKey: (keyId: string): Promise<void> => request('DELETE', `/admin/api-keys/${id(keyId)}`),

  audit: (query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> => request('GET', `/admin/audit${auditQueryString(query)}`, { signal }),
};

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!';

/** A random password for a new user or a reset, from the browser's CSPRNG; no look-alike characters (0/O, 1/l/I). */
export function generatePassword(length = 16, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length];
    }
  }
  return out;
}

/** An audit value as one short line of JSON; nothing (undefined/null) as an empty string. */
export function compactJson(value: unknown, max = 400): string {
  if (value === undefined || value === null) return '';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
