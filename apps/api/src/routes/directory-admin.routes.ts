import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiKeyInput, ApiKeyView, ConflictError, NotFoundError, OrganisationInput, OrganisationView, UserInput, UserPatch, UserView, ValidationError } from '@sitroom/core';
import {
  appendAudit, createApiKey, createOrganisation, createUser, findDesk, findUserById, generateApiKey, hashPassword, listApiKeys,
  listOrganisations, revokeApiKey,
} from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../plugins/error.plugin.ts';
import { actorOf } from '../services/actor.ts';

const Id = z.object({ id: z.uuid() });
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Organisations, users, API keys and the system-wide audit trail: the admin's directory. */
export const directoryAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = { onRequest: requirePermission('admin.manage') };
  const db = app.db;

  app.get('/admin/organisations', { ...admin, schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(OrganisationView) }) } } }, async () => ({
    items: await listOrganisations(db),
  }));

  app.post('/admin/organisations', { ...admin, schema: { tags: ['admin'], body: OrganisationInput, response: { 201: OrganisationView } } }, async (request, reply) => {
    try {
      const org = await db.transaction().execute(async (trx) => {
        const o = await createOrganisation(trx, request.body);
        await appendAudit(trx, { actor: actorOf(request), entityType: 'organisation', entityId: o.id, action: 'organisation.created', after: o });
        return o;
      });
      return reply.status(201).send(org);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('An organisation with that name exists.');
      throw err;
    }
  });

  app.get('/admin/users', { ...admin, schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(UserView) }) } } }, async () => {
    const rows = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisationId')
      .select(['users.id', 'users.email', 'users.name', 'users.organisationId', 'organisations.name as organisationName', 'users.roles', 'users.deskId'])
      .orderBy('users.email')
      .execute();
    return { items: rows };
  });

  app.post('/admin/users', { ...admin, schema: { tags: ['admin'], body: UserInput, response: { 201: UserView } } }, async (request, reply) => {
    const { password, ...input } = request.body;
    if (input.deskId && !(await findDesk(db, input.deskId))) throw new ValidationError('Unknown desk.', [{ path: 'deskId', message: 'is not a desk' }]);
    const passwordHash = await hashPassword(password);
    try {
      const id = await db.transaction().execute(async (trx) => {
        const u = await createUser(trx, { ...input, passwordHash });
        // The password (or its hash) never goes into the audit trail.
        await appendAudit(trx, { actor: actorOf(request), entityType: 'user', entityId: u.id, action: 'user.created', after: { email: u.email, roles: u.roles, organisationId: u.organisationId, deskId: u.deskId } });
        return u.id;
      });
      return reply.status(201).send((await findUserById(db, id))!);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('A user with that email exists.');
      if (isForeignKeyViolation(err)) throw new ValidationError('Unknown organisation.', [{ path: 'organisationId', message: 'is not an organisation' }]);
      throw err;
    }
  });

  app.patch('/admin/users/:id', { ...admin, schema: { tags: ['admin'], params: Id, body: UserPatch, response: { 200: UserView } } }, async (request) => {
    const { password, ...changes } = request.body;
    if (changes.deskId && !(await findDesk(db, changes.deskId))) throw new ValidationError('Unknown desk.', [{ path: 'deskId', message: 'is not a desk' }]);
    const passwordHash = password ? await hashPassword(password) : undefined;
    await db.transaction().execute(async (trx) => {
      const before = await findUserById(trx, request.params.id);
      if (!before) throw new NotFoundError('User');
      await trx.updateTable('users').set({ ...changes, ...(passwordHash ? { passwordHash } : {}) }).where('id', '=', request.params.id).execute();
      // A changed password ends the user's other sessions.
      if (passwordHash) await trx.deleteFrom('sessions').where('userId', '=', request.params.id).execute();
      await appendAudit(trx, {
        actor: actorOf(request), entityType: 'user', entityId: before.id, action: 'user.updated',
        before: { name: before.name, roles: before.roles, deskId: before.deskId }, after: { ...changes, ...(passwordHash ? { passwordChanged: true } : {}) },
      });
    });
    // Open dashboards reconnect: with new roles or desk they rejoin what those see; with a new password they are sent to sign in.
    if (changes.roles || changes.deskId !== undefined || passwordHash) app.endLiveSessions({ userId: request.params.id });
    return (await findUserById(db, request.params.id))!;
  });

  app.get('/admin/api-keys', {
    ...admin,
    schema: { tags: ['admin'], querystring: z.strictObject({ organisationId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(ApiKeyView) }) } },
  }, async (request) => ({
    items: (await listApiKeys(db, request.query.organisationId)).map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt) })),
  }));

  app.post('/admin/api-keys', {
    ...admin,
    schema: { tags: ['admin'], summary: 'Create an API key; the key is shown in this answer only', body: ApiKeyInput, response: { 201: ApiKeyView.extend({ key: z.string() }) } },
  }, async (request, reply) => {
    const secret = generateApiKey();
    try {
      const key = await db.transaction().execute(async (trx) => {
        const k = await createApiKey(trx, { organisationId: request.body.organisationId, label: request.body.label, prefix: secret.prefix, keyHash: secret.hash });
        await appendAudit(trx, { actor: actorOf(request), entityType: 'api_key', entityId: k.id, action: 'api_key.created', after: { organisationId: k.organisationId, label: k.label, prefix: k.prefix } });
        return k;
      });
      const org = (await listOrganisations(db)).find((o) => o.id === key.organisationId)!;
      return reply.status(201).send({ id: key.id, label: key.label, prefix: key.prefix, organisationName: org.name, createdAt: key.createdAt.toISOString(), lastUsedAt: null, revokedAt: null, key: secret.key });
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ValidationError('Unknown organisation.', [{ path: 'organisationId', message: 'is not an organisation' }]);
      throw err;
    }
  });

  app.delete('/admin/api-keys/:id', { ...admin, schema: { tags: ['admin'], summary: 'Revoke an API key (it fails at once)', params: Id } }, async (request, reply) => {
    await db.transaction().execute(async (trx) => {
      if ((await revokeApiKey(trx, request.params.id)) === 0) throw new NotFoundError('Active API key');
      await appendAudit(trx, { actor: actorOf(request), entityType: 'api_key', entityId: request.params.id, action: 'api_key.revoked' });
    });
    return reply.status(204).send();
  });

  app.get('/admin/audit', {
    onRequest: requirePermission('audit.read'),
    schema: {
      tags: ['admin'],
      summary: 'The audit trail across the system, newest first',
      querystring: z.strictObject({
        entityType: z.string().max(50).optional(), entityId: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().min(1).optional(),
      }),
      response: {
        200: z.object({
          items: z.array(z.object({
            id: z.string(), at: z.string(), actorType: z.string(), actorId: z.string().nullable(), entityType: z.string(), entityId: z.string(),
            action: z.string(), before: z.unknown(), after: z.unknown(),
          })),
          nextBefore: z.number().nullable(),
        }),
      },
    },
  }, async (request) => {
    const { entityType, entityId, limit, before } = request.query;
    let q = db.selectFrom('auditEvents').selectAll().orderBy('id', 'desc').limit(limit);
    if (entityType) q = q.where('entityType', '=', entityType);
    if (entityId) q = q.where('entityId', '=', entityId);
    if (before) q = q.where('id', '<', String(before));
    const rows = await q.execute();
    return {
      items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
      nextBefore: rows.length === limit ? Number(rows[rows.length - 1]!.id) : null,
    };
  });
};
