import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countReportsByStatus, listFailedReports } from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';

const PipelineStatus = z.object({
  reports: z.record(z.string(), z.number()),
  queue: z.record(z.string(), z.number()).nullable(),
  failedJobs: z.array(z.object({
    id: z.string(), name: z.string(), failedReason: z.string(), attemptsMade: z.number(), failedAt: z.string().nullable(), data: z.unknown(),
  })),
  failedReports: z.array(z.object({
    id: z.string(), organisationName: z.string(), claim: z.string(), failure: z.string().nullable(), receivedAt: z.string(),
  })),
});

/** What an admin needs to see when triage cannot process a report: poison jobs end here. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/admin/pipeline', {
    schema: {
      tags: ['admin'],
      summary: 'Reports by status, queue counts, failed jobs and reports triage could not process',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: { 200: PipelineStatus },
    },
    onRequest: requirePermission('admin.manage'),
  }, async (request) => {
    const { limit } = request.query;
    // Redis may be down while Postgres is not: show what can be seen.
    const [jobs, counts] = await Promise.allSettled([
      app.queue.getFailed(0, limit - 1),
      app.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
    ]);
    const failedJobs = jobs.status === 'fulfilled'
      ? jobs.value.filter((j) => j !== undefined).map((j) => ({
          id: String(j.id), name: j.name, failedReason: j.failedReason ?? '', attemptsMade: j.attemptsMade,
          failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null, data: j.data,
        }))
      : [];
    const failedReports = (await listFailedReports(app.db, limit)).map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
    return { reports: await countReportsByStatus(app.db), queue: counts.status === 'fulfilled' ? counts.value : null, failedJobs, failedReports };
  });
};
