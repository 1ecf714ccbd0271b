import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IncidentDetail, IncidentList, IncidentListQuery, LiveEvent, NotFoundError, ValidationError, normalizeUrls, redactIncident, redactReport } from '@sitroom/core';
import { viewerOf } from '../services/actor.ts';
import { countUnreadNotifications, decodeCursor, findIncidentDetail, latestIncidentEventId, listIncidentEventsAfter, listIncidents, listNotifications, markNotificationsRead } from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';

export const incidentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/incidents', {
    schema: { tags: ['incidents'], summary: 'The incident queue', querystring: IncidentListQuery, response: { 200: IncidentList } },
    onRequest: requirePermission('incident.read'),
  }, async (request) => {
    const cursor = request.query.cursor ? decodeCursor(request.query.cursor) : null;
    if (request.query.cursor && !cursor) throw new ValidationError('The cursor is not valid.', [{ path: 'cursor', message: 'is not a cursor from a previous page' }]);
    const viewer = viewerOf(request);
    const page = await listIncidents(app.db, request.query, cursor);
    return { ...page, items: page.items.map((i) => redactIncident(i, viewer, i.titleOrganisationId)) };
  });

  app.get('/incidents/:id', {
    schema: { tags: ['incidents'], summary: 'An incident with its reports, score breakdown and timeline', params: z.object({ id: z.uuid() }), response: { 200: IncidentDetail } },
    onRequest: requirePermission('incident.read'),
  }, async (request) => {
    const incident = await findIncidentDetail(app.db, request.params.id);
    if (!incident) throw new NotFoundError('Incident');
    const viewer = viewerOf(request);
    const reports = incident.reports.map((r) => redactReport(r, viewer, incident.deskId));
    return {
      ...redactIncident(incident, viewer, incident.titleOrganisationId),
      reports,
      // Only the links of reports this viewer may read.
      urls: normalizeUrls(reports.flatMap((r) => r.urls)),
    };
  });

  app.get('/events', {
    schema: {
      tags: ['incidents'],
      summary: 'Live events after an event id (catch-up after a reconnect)',
      querystring: z.strictObject({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) }),
      response: { 200: z.object({ events: z.array(LiveEvent), latestEventId: z.number().int() }) },
    },
    onRequest: requirePermission('incident.read'),
  }, async (request) => {
    const [events, latestEventId] = await Promise.all([
      listIncidentEventsAfter(app.db, request.query.after, request.query.limit),
      latestIncidentEventId(app.db),
    ]);
    const viewer = viewerOf(request);
    return { events: events.map(({ titleOrganisationId, ...e }) => ({ ...e, incident: redactIncident(e.incident, viewer, titleOrganisationId ?? null) })), latestEventId };
  });

  app.get('/notifications', {
    schema: {
      tags: ['incidents'],
      summary: 'Your notifications (SLA breaches and escalations), latest first, and how many are unread in all',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.string(), incidentId: z.string().nullable(), kind: z.string(), message: z.string(), createdAt: z.string(), readAt: z.string().nullable() })),
          unread: z.number().int(),
        }),
      },
    },
    onRequest: requirePermission('notification.read'),
  }, async (request) => {
    const p = request.principal!;
    if (p.kind !== 'user') return { items: [], unread: 0 };
    const [rows, unread] = await Promise.all([listNotifications(app.db, p.user.id, request.query.limit), countUnreadNotifications(app.db, p.user.id)]);
    return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })), unread };
  });

  app.post('/notifications/read', {
    schema: {
      tags: ['incidents'],
      summary: 'Marks your notifications read: the ones listed, or all of them',
      body: z.strictObject({
        ids: z.array(z.string().regex(/^[1-9]\d{0,17}$/, 'must be a notification id')).min(1).max(200).optional(),
        all: z.literal(true).optional(),
      }).refine((b) => (b.ids === undefined) !== (b.all === undefined), { message: 'give either the ids to mark read, or all: true', path: ['ids'] }),
      response: { 200: z.object({ marked: z.number().int(), unread: z.number().int() }) },
    },
    onRequest: requirePermission('notification.read'),
  }, async (request) => {
    const p = request.principal!;
    if (p.kind !== 'user') return { marked: 0, unread: 0 };
    const marked = await markNotificationsRead(app.db, p.user.id, request.body.all ? 'all' : { ids: request.body.ids! });
    return { marked, unread: await countUnreadNotifications(app.db, p.user.id) };
  });
};
