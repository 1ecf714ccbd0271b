import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AssignInput, DisarmTag, DisarmTagsInput, IncidentSummary, RebuttalInput, RebuttalPatch, RebuttalView, StatusChangeInput, redactIncident } from '@sitroom/core';
import { listRebuttals } from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';
import { actorOf, viewerOf } from '../services/actor.ts';
import {
  acknowledgeIncident, approveRebuttal, assignIncident, changeIncidentStatus, claimReviewFor, draftRebuttal, editRebuttal, publishRebuttal, tagIncident,
} from '../services/incident-workflow.service.ts';

const IncidentId = z.object({ id: z.uuid() });
const RebuttalId = z.object({ id: z.uuid(), rid: z.uuid() });
const VersionBody = z.strictObject({ version: z.number().int().min(1).optional() }).default({});

/** The responder's work on an incident: acknowledge, assign, change status, draft → approve → publish. */
export const workflowRoutes: FastifyPluginAsyncZod = async (app) => {
  const userActor = (request: Parameters<typeof actorOf>[0]) => {
    const a = actorOf(request);
    return { ...a, id: a.id! };
  };

  app.post('/incidents/:id/acknowledge', {
    schema: { tags: ['workflow'], summary: 'Acknowledge (stops the acknowledgement clock)', params: IncidentId, body: VersionBody, response: { 200: IncidentSummary } },
    onRequest: requirePermission('incident.acknowledge'),
  }, async (request) => {
    const { incident, event } = await acknowledgeIncident(app.db, request.params.id, actorOf(request), request.body.version);
    app.publish([event]);
    return redactIncident(incident, viewerOf(request), incident.titleOrganisationId);
  });

  app.post('/incidents/:id/assign', {
    schema: { tags: ['workflow'], summary: 'Assign to a responder of the desk (null unassigns)', params: IncidentId, body: AssignInput, response: { 200: IncidentSummary } },
    onRequest: requirePermission('incident.assign'),
  }, async (request) => {
    const { incident, event } = await assignIncident(app.db, request.params.id, actorOf(request), request.body);
    app.publish([event]);
    return redactIncident(incident, viewerOf(request), incident.titleOrganisationId);
  });

  app.post('/incidents/:id/status', {
    schema: { tags: ['workflow'], summary: 'Change status along the lifecycle; dismiss with a reason; reopen', params: IncidentId, body: StatusChangeInput, response: { 200: IncidentSummary } },
    onRequest: requirePermission('incident.change_status'),
  }, async (request) => {
    const { incident, event } = await changeIncidentStatus(app.db, request.params.id, actorOf(request), request.body);
    app.publish([event]);
    return redactIncident(incident, viewerOf(request), incident.titleOrganisationId);
  });

  app.put('/incidents/:id/disarm-tags', {
    schema: {
      tags: ['workflow'], summary: 'Set the DISARM tactic and technique ids the incident is tagged with (the whole set)', params: IncidentId, body: DisarmTagsInput,
      response: { 200: z.object({ incident: IncidentSummary, disarmTags: z.array(DisarmTag) }) },
    },
    onRequest: requirePermission('incident.tag'),
  }, async (request) => {
    const { incident, event, disarmTags } = await tagIncident(app.db, request.params.id, actorOf(request), request.body);
    if (event) app.publish([event]);
    return { incident: redactIncident(incident, viewerOf(request), incident.titleOrganisationId), disarmTags };
  });

  app.get('/incidents/:id/rebuttals', {
    schema: { tags: ['workflow'], params: IncidentId, response: { 200: z.object({ items: z.array(RebuttalView) }) } },
    onRequest: requirePermission('incident.read'),
  }, async (request) => ({ items: await listRebuttals(app.db, request.params.id) }));

  app.post('/incidents/:id/rebuttals', {
    schema: { tags: ['workflow'], summary: 'Draft a rebuttal', params: IncidentId, body: RebuttalInput, response: { 201: RebuttalView } },
    onRequest: requirePermission('rebuttal.draft'),
  }, async (request, reply) => {
    const { rebuttal, events } = await draftRebuttal(app.db, request.params.id, userActor(request), request.body);
    app.publish(events);
    return reply.status(201).send(rebuttal);
  });

  app.patch('/incidents/:id/rebuttals/:rid', {
    schema: { tags: ['workflow'], summary: 'Edit a draft (an approved one goes back to draft)', params: RebuttalId, body: RebuttalPatch, response: { 200: RebuttalView } },
    onRequest: requirePermission('rebuttal.draft'),
  }, async (request) => editRebuttal(app.db, request.params.id, request.params.rid, actorOf(request), request.body));

  app.post('/incidents/:id/rebuttals/:rid/approve', {
    schema: { tags: ['workflow'], summary: 'Approve (four eyes: not your own draft)', params: RebuttalId, body: VersionBody, response: { 200: RebuttalView } },
    onRequest: requirePermission('rebuttal.approve'),
  }, async (request) => approveRebuttal(app.db, request.params.id, request.params.rid, userActor(request), request.body.version));

  app.post('/incidents/:id/rebuttals/:rid/publish', {
    schema: { tags: ['workflow'], summary: 'Publish an approved rebuttal', params: RebuttalId, body: VersionBody, response: { 200: RebuttalView } },
    onRequest: requirePermission('rebuttal.publish'),
  }, async (request) => {
    const { rebuttal, events, notifyOrganisations } = await publishRebuttal(app.db, request.params.id, request.params.rid, userActor(request), request.body.version);
    app.publish(events);
    app.publishToOrganisations(notifyOrganisations, events);
    return rebuttal;
  });

  app.get('/incidents/:id/claimreview', {
    schema: { tags: ['workflow'], summary: 'schema.org ClaimReview JSON-LD of the published rebuttal (public)', params: IncidentId },
  }, async (request, reply) => {
    const base = `${request.protocol}://${request.host}`;
    const review = await claimReviewFor(app.db, request.params.id, base, app.config.PUBLISHER_NAME);
    return reply.type('application/ld+json; charset=utf-8').send(review);
  });
};
