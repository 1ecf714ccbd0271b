import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConflictError, DeskInput, DeskView, DeskWebhookInput, ElectionInput, ElectionPatch, ElectionView, LexiconTermInput,
  LexiconTermPatch, LexiconTermView, NotFoundError, RoutingReorderInput, RoutingRuleInput, RoutingRulePatch, RoutingRuleView,
  RoutingTestInput, TriageSettings, ValidationError, routeIncident,
} from '@sitroom/core';
import {
  appendAudit, bumpTriageConfigVersion, createDesk, deleteLexiconTerm, deleteRoutingRule, findDesk, findElection,
  findLexiconTerm, findRoutingRule, getDefaultDesk, insertElection, insertLexiconTerm, insertRoutingRule, listDesks, listElections,
  listLexicon, listRegions, listRoutingRules, listWebhookDeliveries, reorderRoutingRules, replaceRegions, setDeskWebhook,
  updateElection, updateLexiconTerm, updateRoutingRule,
} from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';
import { isUniqueViolation } from '../plugins/error.plugin.ts';
import { actorOf } from '../services/actor.ts';

const Id = z.object({ id: z.uuid() });

/**
 * Admin configuration of triage: the election calendar and its settings (weights, cut-offs, SLAs),
 * the harm lexicon, routing rules and desks with their webhooks. Every change is audited and bumps
 * the triage config version, so workers use it from their next triage without a restart.
 */
export const triageAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = { onRequest: requirePermission('admin.manage') };
  const db = app.db;

  // Elections and settings
  app.get('/admin/elections', { ...admin, schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(ElectionView) }) } } }, async () => {
    const rows = await listElections(db);
    const items = await Promise.all(rows.map(async (e) => ({
      id: e.id, name: e.name, pollingDay: e.pollingDay, timezone: e.timezone, languages: e.languages, active: e.isActive, settings: e.settings,
      regions: await listRegions(db, e.id),
    })));
    return { items };
  });

  app.post('/admin/elections', { ...admin, schema: { tags: ['admin'], body: ElectionInput, response: { 201: ElectionView } } }, async (request, reply) => {
    const input = request.body;
    const id = await db.transaction().execute(async (trx) => {
      const { id } = await insertElection(trx, input);
      await replaceRegions(trx, id, input.regions);
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'election', entityId: id, action: 'election.created', after: input });
      return id;
    });
    return reply.status(201).send((await findElection(db, id))!);
  });

  app.patch('/admin/elections/:id', { ...admin, schema: { tags: ['admin'], params: Id, body: ElectionPatch, response: { 200: ElectionView } } }, async (request) => {
    const { id } = request.params;
    await db.transaction().execute(async (trx) => {
      const before = await findElection(trx, id);
      if (!before) throw new NotFoundError('Election');
      const { regions, ...rest } = request.body;
      await updateElection(trx, id, rest);
      if (regions) await replaceRegions(trx, id, regions);
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'election', entityId: id, action: 'election.updated', before, after: request.body });
    });
    return (await findElection(db, id))!;
  });

  app.put('/admin/elections/:id/settings', {
    ...admin,
    schema: { tags: ['admin'], summary: 'Replace the triage settings (weights, cut-offs, SLAs) of an election', params: Id, body: TriageSettings, response: { 200: ElectionView } },
  }, async (request) => {
    const { id } = request.params;
    await db.transaction().execute(async (trx) => {
      const before = await findElection(trx, id);
      if (!before) throw new NotFoundError('Election');
      await updateElection(trx, id, { settings: request.body });
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'election', entityId: id, action: 'election.settings_changed', before: before.settings, after: request.body });
    });
    return (await findElection(db, id))!;
  });

  // Lexicon
  app.get('/admin/lexicon', { ...admin, schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(LexiconTermView) }) } } }, async () => ({
    items: await listLexicon(db),
  }));

  app.post('/admin/lexicon', { ...admin, schema: { tags: ['admin'], body: LexiconTermInput, response: { 201: LexiconTermView } } }, async (request, reply) => {
    try {
      const term = await db.transaction().execute(async (trx) => {
        const t = await insertLexiconTerm(trx, request.body);
        await bumpTriageConfigVersion(trx);
        await appendAudit(trx, { actor: actorOf(request), entityType: 'lexicon_term', entityId: t.id, action: 'lexicon.created', after: t });
        return t;
      });
      return reply.status(201).send(term);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('That term is already in the lexicon for this language.');
      throw err;
    }
  });

  app.patch('/admin/lexicon/:id', { ...admin, schema: { tags: ['admin'], params: Id, body: LexiconTermPatch, response: { 200: LexiconTermView } } }, async (request) => {
    return db.transaction().execute(async (trx) => {
      const before = await findLexiconTerm(trx, request.params.id);
      if (!before) throw new NotFoundError('Lexicon term');
      const after = (await updateLexiconTerm(trx, request.params.id, request.body))!;
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'lexicon_term', entityId: after.id, action: 'lexicon.updated', before, after });
      return after;
    });
  });

  app.delete('/admin/lexicon/:id', { ...admin, schema: { tags: ['admin'], params: Id } }, async (request, reply) => {
    await db.transaction().execute(async (trx) => {
      const before = await findLexiconTerm(trx, request.params.id);
      if (!before || !(await deleteLexiconTerm(trx, request.params.id))) throw new NotFoundError('Lexicon term');
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'lexicon_term', entityId: before.id, action: 'lexicon.deleted', before });
    });
    return reply.status(204).send();
  });

  // Routing rules
  app.get('/admin/routing-rules', { ...admin, schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(RoutingRuleView) }) } } }, async () => ({
    items: await listRoutingRules(db),
  }));

  app.post('/admin/routing-rules', { ...admin, schema: { tags: ['admin'], body: RoutingRuleInput, response: { 201: RoutingRuleView } } }, async (request, reply) => {
    const id = await db.transaction().execute(async (trx) => {
      if (!(await findDesk(trx, request.body.deskId))) throw new ValidationError('Unknown desk.', [{ path: 'deskId', message: 'is not a desk' }]);
      const { id } = await insertRoutingRule(trx, request.body);
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'routing_rule', entityId: id, action: 'routing_rule.created', after: request.body });
      return id;
    });
    return reply.status(201).send((await listRoutingRules(db)).find((r) => r.id === id)!);
  });

  app.patch('/admin/routing-rules/:id', { ...admin, schema: { tags: ['admin'], params: Id, body: RoutingRulePatch, response: { 200: RoutingRuleView } } }, async (request) => {
    const { id } = request.params;
    await db.transaction().execute(async (trx) => {
      const before = await findRoutingRule(trx, id);
      if (!before) throw new NotFoundError('Routing rule');
      if (request.body.deskId && !(await findDesk(trx, request.body.deskId))) throw new ValidationError('Unknown desk.', [{ path: 'deskId', message: 'is not a desk' }]);
      await updateRoutingRule(trx, id, request.body);
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'routing_rule', entityId: id, action: 'routing_rule.updated', before, after: request.body });
    });
    return (await listRoutingRules(db)).find((r) => r.id === id)!;
  });

  app.delete('/admin/routing-rules/:id', { ...admin, schema: { tags: ['admin'], params: Id } }, async (request, reply) => {
    await db.transaction().execute(async (trx) => {
      const before = await findRoutingRule(trx, request.params.id);
      if (!before || !(await deleteRoutingRule(trx, request.params.id))) throw new NotFoundError('Routing rule');
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'routing_rule', entityId: before.id, action: 'routing_rule.deleted', before });
    });
    return reply.status(204).send();
  });

  app.post('/admin/routing-rules/reorder', {
    ...admin, schema: { tags: ['admin'], body: RoutingReorderInput, response: { 200: z.object({ items: z.array(RoutingRuleView) }) } },
  }, async (request) => {
    await db.transaction().execute(async (trx) => {
      const current = await listRoutingRules(trx);
      const wanted = new Set(request.body.ids);
      if (wanted.size !== request.body.ids.length || current.length !== wanted.size || current.some((r) => !wanted.has(r.id))) {
        throw new ValidationError('List every rule exactly once.', [{ path: 'ids', message: `must list each of the ${current.length} rules exactly once` }]);
      }
      await reorderRoutingRules(trx, request.body.ids);
      await bumpTriageConfigVersion(trx);
      await appendAudit(trx, { actor: actorOf(request), entityType: 'routing_rule', entityId: 'order', action: 'routing_rule.reordered', before: current.map((r) => r.id), after: request.body.ids });
    });
    return { items: await listRoutingRules(db) };
  });

  app.post('/admin/routing-rules/test', {
    ...admin,
    schema: {
      tags: ['admin'],
      summary: 'Which desk a sample would go to, and why',
      body: RoutingTestInput,
      response: {
        200: z.object({
          deskId: z.uuid().nullable(), deskName: z.string().nullable(), ruleId: z.uuid().nullable(), reason: z.string(),
          evaluated: z.array(z.object({ ruleId: z.string(), name: z.string(), matched: z.boolean(), why: z.string() })),
        }),
      },
    },
  }, async (request) => {
    const [rules, defaultDesk, desks] = await Promise.all([listRoutingRules(db), getDefaultDesk(db), listDesks(db)]);
    const decision = routeIncident(rules, request.body, defaultDesk?.id ?? null);
    return { ...decision, deskName: desks.find((d) => d.id === decision.deskId)?.name ?? null };
  });

  // Desks and webhooks
  app.get('/desks', { onRequest: requirePermission('incident.read'), schema: { tags: ['desks'], response: { 200: z.object({ items: z.array(DeskView) }) } } }, async () => ({
    items: (await listDesks(db)).map((d) => ({ ...d, webhookUrl: null })),
  }));

  app.get('/admin/desks', { ...admin, schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(DeskView) }) } } }, async () => {
    const rows = await db.selectFrom('desks').select(['id', 'name', 'isDefault', 'webhookUrl']).orderBy('name').execute();
    return { items: rows };
  });

  app.post('/admin/desks', { ...admin, schema: { tags: ['admin'], body: DeskInput, response: { 201: DeskView } } }, async (request, reply) => {
    try {
      const desk = await db.transaction().execute(async (trx) => {
        if (request.body.isDefault) await trx.updateTable('desks').set({ isDefault: false }).where('isDefault', '=', true).execute();
        const d = await createDesk(trx, request.body);
        await bumpTriageConfigVersion(trx);
        await appendAudit(trx, { actor: actorOf(request), entityType: 'desk', entityId: d.id, action: 'desk.created', after: d });
        return d;
      });
      return reply.status(201).send({ ...desk, webhookUrl: null });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('A desk with that name exists.');
      throw err;
    }
  });

  app.put('/admin/desks/:id/webhook', { ...admin, schema: { tags: ['admin'], params: Id, body: DeskWebhookInput, response: { 200: DeskView } } }, async (request) => {
    const { id } = request.params;
    await db.transaction().execute(async (trx) => {
      const before = await findDesk(trx, id);
      if (!before) throw new NotFoundError('Desk');
      await setDeskWebhook(trx, id, request.body);
      // The secret is never written to the audit trail.
      await appendAudit(trx, { actor: actorOf(request), entityType: 'desk', entityId: id, action: 'desk.webhook_changed', before: { webhookUrl: before.webhookUrl }, after: { webhookUrl: request.body.url } });
    });
    return (await findDesk(db, id))!;
  });

  app.get('/admin/webhook-deliveries', {
    ...admin,
    schema: {
      tags: ['admin'],
      querystring: z.strictObject({ desk: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: {
        200: z.object({
          items: z.array(z.object({
            id: z.string(), deliveryId: z.string(), deskId: z.string(), incidentId: z.string().nullable(), eventType: z.string(), url: z.string(),
            attempt: z.number(), statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number(), succeeded: z.boolean(), createdAt: z.string(),
          })),
        }),
      },
    },
  }, async (request) => {
    const rows = await listWebhookDeliveries(db, { deskId: request.query.desk, limit: request.query.limit });
    return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
  });
};
