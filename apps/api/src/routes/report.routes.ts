import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, ForbiddenError, NotFoundError, OwnReportView, ReportAccepted, ReportInput, ReportView, ValidationError, can, redactReport } from '@sitroom/core';
import { findReportView, listOrganisationReports } from '@sitroom/db';
import { requireKeyOrPermission, requireKeyOrUser } from '../plugins/auth.plugin.ts';
import { Intake } from '../services/intake.service.ts';
import { RateLimitedError, rateLimiter } from '../services/rate-limit.ts';

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const limit = rateLimiter(app.redis, app.config.REDIS_PREFIX, 60);
  const intake = new Intake({
    db: app.db, enqueueTriage: app.enqueueTriage, log: app.log,
    onStored: (n) => app.metrics.intakeBatchSize.observe(n),
    onEnqueued: (n, ok) => app.metrics.reportsEnqueued.inc({ outcome: ok ? 'enqueued' : 'left_for_reconciler' }, n),
  });
  // On shutdown, once the last request is answered: offer what was accepted to the queue before
  // the queue closes (plugins close in reverse order of registration, so infra closes after this).
  app.addHook('onClose', () => intake.drain());

  app.post('/reports', {
    schema: {
      tags: ['reports'],
      summary: 'File a report (API key or signed-in reporter)',
      security: [{ apiKey: [] }],
      body: ReportInput,
      response: { 200: ReportAccepted, 202: ReportAccepted, 400: ErrorBody, 401: ErrorBody, 413: ErrorBody },
    },
    onRequest: requireKeyOrPermission('report.create'),
    preValidation: async (request) => {
      const p = request.principal!;
      await limit([
        { subject: p.kind === 'api_key' ? `key:${p.apiKeyId}` : `user:${p.user.id}`, what: p.kind === 'api_key' ? 'API key' : 'user', max: app.config.RATE_LIMIT_REPORTS_PER_KEY },
        { subject: `ip:${request.ip}`, what: 'address', max: app.config.RATE_LIMIT_REPORTS_PER_IP },
      ]).catch((err: unknown) => {
        if (err instanceof RateLimitedError) throw err;
        request.log.warn({ err: (err as Error).message }, 'rate limiter unavailable (Redis)');
      });
    },
  }, async (request, reply) => {
    const p = request.principal!;
    const filer = p.kind === 'api_key'
      ? { organisationId: p.organisationId, apiKeyId: p.apiKeyId, userId: null }
      : { organisationId: p.user.organisationId, apiKeyId: null, userId: p.user.id };
    const result = await intake.accept(filer, request.body, request.id);
    request.log.info({ reportId: result.id, created: result.created }, 'report accepted');
    app.metrics.reportsAccepted.inc({ outcome: result.created ? 'stored' : 'existing' });
    // The same externalId again: the existing report, not a second one.
    return reply.status(result.created ? 202 : 200).send({ id: result.id, status: result.status });
  });

  app.get('/reports/:id', {
    schema: { tags: ['reports'], summary: 'A report, with its incident once triaged', params: z.object({ id: z.uuid() }), response: { 200: ReportView } },
    onRequest: requireKeyOrUser(),
  }, async (request) => {
    const report = await findReportView(app.db, request.params.id);
    if (!report) throw new NotFoundError('Report');
    const p = request.principal!;
    const ownOrg = p.kind === 'api_key' ? p.organisationId : p.user.organisationId;
    const seesAll = p.kind === 'user' && can(p.user.roles, 'incident.read');
    // Another organisation's report: its existence is private to filers from other organisations.
    if (report.organisationId !== ownOrg && !seesAll) throw new NotFoundError('Report');
    if (p.kind === 'user' && !seesAll && !p.user.roles.includes('reporter')) throw new ForbiddenError();
    if (p.kind === 'api_key') return report;
    const desk = report.incidentId ? await app.db.selectFrom('incidents').select('deskId').where('id', '=', report.incidentId).executeTakeFirst() : undefined;
    return redactReport(report, { organisationId: p.user.organisationId, roles: p.user.roles, deskId: p.user.deskId }, desk?.deskId ?? null);
  });

  app.get('/reports', {
    schema: {
      tags: ['reports'],
      summary: "Your organisation's reports, newest first, with their incident's status and the published answer",
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(100).optional() }),
      response: { 200: z.object({ items: z.array(OwnReportView), nextCursor: z.string().nullable() }) },
    },
    onRequest: requireKeyOrUser(),
  }, async (request) => {
    const p = request.principal!;
    const organisationId = p.kind === 'api_key' ? p.organisationId : p.user.organisationId;
    let before: { at: Date; id: string } | null = null;
    if (request.query.cursor) {
      const [at, id] = Buffer.from(request.query.cursor, 'base64url').toString('utf8').split('|');
      if (!at || !id || Number.isNaN(Date.parse(at))) throw new ValidationError('The cursor is not valid.', [{ path: 'cursor', message: 'is not a cursor from a previous page' }]);
      before = { at: new Date(at), id };
    }
    const rows = await listOrganisationReports(app.db, organisationId, request.query.limit + 1, before);
    const page = rows.slice(0, request.query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: rows.length > request.query.limit && last ? Buffer.from(`${last.receivedAt}|${last.id}`).toString('base64url') : null,
    };
  });
};
