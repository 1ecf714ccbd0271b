import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countReportsByStatus, listFailedReports } from '@sitroom/db';
import { requireUser } from '../plugins/auth.plugin.ts';

/** What an admin needs to see when triage cannot process a report (poison jobs end here). */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/admin/pipeline', {
    schema: {
      tags: ['admin'],
      summary: 'Reports by status and the latest reports triage could not process',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: {
        200: z.object({
          reports: z.record(z.string(), z.number()),
          failed: z.array(z.object({ id: z.string(), organisationName: z.string(), claim: z.string(), failure: z.string().nullable(), receivedAt: z.string() })),
        }),
      },
    },
    preHandler: requireUser('admin'),
  }, async (request) => ({
    reports: await countReportsByStatus(app.db),
    failed: (await listFailedReports(app.db, request.query.limit)).map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })),
  }));
};
