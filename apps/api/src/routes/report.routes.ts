import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, ForbiddenError, NotFoundError, ReportAccepted, ReportInput, ReportView } from '@sitroom/core';
import { findReportView } from '@sitroom/db';
import { QUEUE_ROLES, requireKeyOrUser } from '../plugins/auth.plugin.ts';
import { acceptReport } from '../services/intake.service.ts';

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/reports', {
    schema: {
      tags: ['reports'],
      summary: 'File a report (API key or signed-in reporter)',
      security: [{ apiKey: [] }],
      body: ReportInput,
      response: { 200: ReportAccepted, 202: ReportAccepted, 400: ErrorBody, 401: ErrorBody, 413: ErrorBody },
    },
    onRequest: requireKeyOrUser('reporter', 'admin'),
  }, async (request, reply) => {
    const p = request.principal!;
    const filer = p.kind === 'api_key'
      ? { organisationId: p.organisationId, apiKeyId: p.apiKeyId, userId: null }
      : { organisationId: p.user.organisationId, apiKeyId: null, userId: p.user.id };
    const result = await acceptReport({ db: app.db, enqueue: app.enqueue, log: request.log }, filer, request.body);
    request.log.info({ reportId: result.id, created: result.created, enqueued: result.enqueued }, 'report accepted');
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
    const seesAll = p.kind === 'user' && QUEUE_ROLES.some((r) => p.user.roles.includes(r));
    // Another organisation's report: its existence is private to filers from other organisations.
    if (report.organisationId !== ownOrg && !seesAll) throw new NotFoundError('Report');
    if (p.kind === 'user' && !seesAll && !p.user.roles.includes('reporter')) throw new ForbiddenError();
    return report;
  });
};
