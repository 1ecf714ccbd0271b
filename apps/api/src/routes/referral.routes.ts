import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError, ReferralInput, ReferralOutcomeInput, ReferralView } from '@sitroom/core';
import { appendAudit } from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';
import { actorOf } from '../services/actor.ts';

const COLUMNS = ['id', 'incidentId', 'bodyKind', 'bodyName', 'channel', 'reference', 'note', 'outcome', 'referredAt', 'referredById', 'outcomeAt'] as const;
const toView = <T extends { referredAt: Date; outcomeAt: Date | null }>(r: T) => ({ ...r, referredAt: r.referredAt.toISOString(), outcomeAt: r.outcomeAt?.toISOString() ?? null });

/** Referrals of an incident to an outside body (platform trust and safety, ombud, commission, police, prosecutor) and their outcome. */
export const referralRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.db;

  app.get('/incidents/:id/referrals', {
    onRequest: requirePermission('incident.read'),
    schema: { tags: ['referrals'], params: z.object({ id: z.uuid() }), response: { 200: z.object({ items: z.array(ReferralView) }) } },
  }, async (request) => ({
    items: (await db.selectFrom('referrals').select([...COLUMNS]).where('incidentId', '=', request.params.id).orderBy('referredAt').execute()).map(toView),
  }));

  app.post('/incidents/:id/referrals', {
    onRequest: requirePermission('incident.change_status'),
    schema: { tags: ['referrals'], summary: 'Refer an incident to an outside body', params: z.object({ id: z.uuid() }), body: ReferralInput, response: { 201: ReferralView } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const row = await db.transaction().execute(async (trx) => {
      const incident = await trx.selectFrom('incidents').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!incident) throw new NotFoundError('Incident');
      const r = await trx.insertInto('referrals').values({ incidentId: incident.id, referredById: actor.id!, ...request.body }).returning([...COLUMNS]).executeTakeFirstOrThrow();
      await appendAudit(trx, { actor, entityType: 'incident', entityId: incident.id, action: 'incident.referred', after: { referralId: r.id, ...request.body } });
      return r;
    });
    return reply.status(201).send(toView(row));
  });

  app.patch('/incidents/:id/referrals/:rid', {
    onRequest: requirePermission('incident.change_status'),
    schema: { tags: ['referrals'], summary: 'Record the outcome of a referral', params: z.object({ id: z.uuid(), rid: z.uuid() }), body: ReferralOutcomeInput, response: { 200: ReferralView } },
  }, async (request) => {
    const actor = actorOf(request);
    const row = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('referrals').select([...COLUMNS]).where('id', '=', request.params.rid).where('incidentId', '=', request.params.id).forUpdate().executeTakeFirst();
      if (!before) throw new NotFoundError('Referral');
      const r = await trx.updateTable('referrals').set({ outcome: request.body.outcome, outcomeAt: new Date(), ...(request.body.note ? { note: request.body.note } : {}) })
        .where('id', '=', before.id).returning([...COLUMNS]).executeTakeFirstOrThrow();
      await appendAudit(trx, { actor, entityType: 'incident', entityId: request.params.id, action: 'incident.referral_outcome', before: { referralId: before.id, outcome: before.outcome }, after: { referralId: before.id, outcome: r.outcome } });
      return r;
    });
    return toView(row);
  });
};
