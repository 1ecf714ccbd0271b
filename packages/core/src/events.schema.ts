import { z } from 'zod';
import { IncidentSummary } from './incident.schema.ts';

/** Socket.io event names, as PRODUCT.md names them. */
export const EVENT_NAMES = ['incident.created', 'incident.updated', 'report.added', 'sla.breached'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/**
 * One live event. `eventId` grows monotonically (it is the row id of the event log in Postgres),
 * so a dashboard that reconnects can ask for everything after the last one it saw.
 */
export const LiveEvent = z.object({
  eventId: z.number().int(),
  type: z.enum(EVENT_NAMES),
  incidentId: z.uuid(),
  version: z.number().int(),
  at: z.string(),
  incident: IncidentSummary,
  reportId: z.uuid().nullable(),
  /** Id of the intake request that filed `reportId` (its `x-request-id`), when triage knows it: one id follows a report from the POST to the screen. */
  requestId: z.string().max(100).optional(),
  /** Internal: who filed the report the title comes from, for TLP:RED routing; never sent to clients. */
  titleOrganisationId: z.uuid().nullable().optional(),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

/** Rooms a socket may join; who may join which is decided by the API. */
export const ROOMS = {
  allIncidents: 'incidents:all',
  admins: 'role:admin',
  organisation: (organisationId: string) => `org:${organisationId}`,
  desk: (deskId: string) => `desk:${deskId}`,
} as const;

/** What the client sends in the socket.io handshake `auth` to catch up after a reconnect. */
export const SocketHandshakeAuth = z.object({
  lastEventId: z.number().int().min(0).optional(),
  /** Ask for `events.batch` (many events per message) instead of one message per event. */
  batch: z.boolean().optional(),
  /**
   * `organisation`: only the events of the user's organisation's reports (what "My reports" shows),
   * not the queue's, even for a user who may see the queue.
   */
  scope: z.enum(['organisation']).optional(),
});

/** Many live events at once, `{ events: LiveEvent[] }` oldest first, sent every 50 ms to sockets that ask with `batch: true`. */
export const BATCH_EVENT = 'events.batch';
/** The API's Redis subscription was down and is back: events may have been lost, so connect again and replay. */
export const RESYNC_EVENT = 'resync';
