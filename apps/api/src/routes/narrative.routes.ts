import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NarrativeInput, NarrativeSuggestion, NarrativeView, NotFoundError, normalizeClaim } from '@sitroom/core';
import { appendAudit, findSimilarNarratives, listNarratives } from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';
import { actorOf } from '../services/actor.ts';

const SUGGESTION_THRESHOLD = 0.3;

/** The narrative library: pre-bunks written before polling day and every published rebuttal. */
export const narrativeRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.db;

  app.get('/narratives', {
    onRequest: requirePermission('narrative.read'),
    schema: { tags: ['narratives'], querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.object({ items: z.array(NarrativeView) }) } },
  }, async (request) => ({ items: (await listNarratives(db, request.query.limit)).map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) }));

  app.post('/narratives', {
    onRequest: requirePermission('narrative.manage'),
    schema: { tags: ['narratives'], summary: 'Add a prepared answer (pre-bunk)', body: NarrativeInput, response: { 201: NarrativeView } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await db.transaction().execute(async (trx) => {
      const n = await trx
        .insertInto('narratives')
        .values({ ...request.body, kind: 'prebunk', claimNorm: normalizeClaim(request.body.claim), createdById: actor.id })
        .returning(['id', 'kind', 'title', 'claim', 'language', 'text', 'verdict', 'createdAt'])
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { actor, entityType: 'narrative', entityId: n.id, action: 'narrative.created', after: request.body });
      return n;
    });
    return reply.status(201).send({ ...row, createdAt: row.createdAt.toISOString() });
  });

  app.get('/incidents/:id/narratives', {
    onRequest: requirePermission('narrative.read'),
    schema: {
      tags: ['narratives'],
      summary: 'Prepared answers and past rebuttals that resemble this incident (starting drafts)',
      params: z.object({ id: z.uuid() }),
      response: { 200: z.object({ items: z.array(NarrativeSuggestion) }) },
    },
  }, async (request) => {
    const incident = await db.selectFrom('incidents').select(['claimNorm', 'language']).where('id', '=', request.params.id).executeTakeFirst();
    if (!incident) throw new NotFoundError('Incident');
    // A transaction so the similarity threshold set for the query holds for it.
    const rows = await db.transaction().execute((trx) => findSimilarNarratives(trx, incident.claimNorm, incident.language, SUGGESTION_THRESHOLD, 5));
    return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), similarity: Number(r.similarity) })) };
  });
};
