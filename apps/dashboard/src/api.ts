import type { DisarmTag, ErrorBody, ErrorDetail, IncidentDetail, IncidentList, IncidentSummary, SessionUser } from '@sitroom/core';
import type { DisarmTagsChange } from './disarm-tags.ts';

/** A failed API call: the HTTP status (0 when the server could not be reached) and the error body's fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

/** Any failure as an `ApiError`, so screens have one shape to show. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Something went wrong. Try again.');
}

const BASE = '/api/v1';

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

/** One JSON call to `/api/v1` + `path`; failures throw `ApiError`. */
export async function request<T>(method: string, path: string, options: { body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) {
    if (isErrorBody(payload)) {
      const { code, message, details } = payload.error;
      throw new ApiError(response.status, code, message, details ?? []);
    }
    throw new ApiError(response.status, `http_${response.status}`, fallbackMessage(response.status));
  }
  if (payload === undefined) {
    throw new ApiError(response.status, 'bad_response', 'The server sent an answer the dashboard could not read.');
  }
  return payload as T;
}

export function signIn(email: string, password: string): Promise<SessionUser> {
  return request<SessionUser>('POST', '/auth/session', { body: { email, password } });
}

/** The signed-in user, or null when there is no session. */
export async function getSession(): Promise<SessionUser | null> {
  try {
    return await request<SessionUser>('GET', '/auth/session');
  } catch (error) {
    if (error instanceof ApiError && error.isUnauthorized) return null;
    throw error;
  }
}

export function signOut(): Promise<void> {
  return request<void>('DELETE', '/auth/session');
}

export function listIncidents(query: URLSearchParams, signal?: AbortSignal): Promise<IncidentList> {
  return request<IncidentList>('GET', `/incidents?${query.toString()}`, { signal });
}

export function getIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return request<IncidentDetail>('GET', `/incidents/${encodeURIComponent(id)}`, { signal });
}

export interface DeskOption {
  id: string;
  name: string;
  isDefault: boolean;
  webhookUrl: string | null;
}

export function listDesks(signal?: AbortSignal): Promise<{ items: DeskOption[] }> {
  return request('GET', '/desks', { signal });
}

/** Acknowledges the incident at the version this screen shows; a 409 means someone else acted first. */
export function acknowledgeIncident(id: string, version: number): Promise<IncidentSummary> {
  return request<IncidentSummary>('POST', `/incidents/${encodeURIComponent(id)}/acknowledge`, { body: { version } });
}

/** Replaces the incident's DISARM tags with `change.tags` (what is left out is removed); a 409 means it changed since `change.version`. */
export function putDisarmTags(id: string, change: DisarmTagsChange): Promise<{ incident: IncidentSummary; disarmTags: DisarmTag[] }> {
  return request('PUT', `/incidents/${encodeURIComponent(id)}/disarm-tags`, { body: change });
}

export interface NotificationItem {
  id: string;
  incidentId: string | null;
  kind: string;
  message: string;
  createdAt: string;
  readAt: string | null;
}

export function listNotifications(signal?: AbortSignal): Promise<{ items: NotificationItem[]; unread: number }> {
  return request('GET', '/notifications?limit=50', { signal });
}

/** Marks the signed-in user's notifications read (those listed, or all); answers how many are still unread. */
export function markNotificationsRead(which: readonly string[] | 'all'): Promise<{ marked: number; unread: number }> {
  return request('POST', '/notifications/read', { body: which === 'all' ? { all: true } : { ids: which } });
}
