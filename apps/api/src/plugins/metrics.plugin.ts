import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { UnauthorizedError } from '@sitroom/core';
import { Queue } from 'bullmq';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { reportsAccepted: Counter<'outcome'>; reportsEnqueued: Counter<'outcome'>; intakeBatchSize: Histogram };
  }
}

/**
 * Prometheus metrics at /metrics for operators: request rates and durations, reports accepted,
 * queue depth per state (read from BullMQ at scrape time). Protected by METRICS_TOKEN when set.
 */
export const metricsPlugin = fp<{ token: string | undefined; queues: Queue[] }>(async (app, { token, queues }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sitroom_api_' });
  const duration = new Histogram({
    name: 'sitroom_http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  const reportsAccepted = new Counter({ name: 'sitroom_reports_accepted_total', help: 'Reports accepted at intake', labelNames: ['outcome'], registers: [registry] });
  new Gauge({
    name: 'sitroom_queue_jobs', help: 'Jobs in the BullMQ queues by state', labelNames: ['queue', 'state'], registers: [registry],
    async collect() {
      for (const q of queues) {
        try {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
        } catch {
          // Redis unavailable: the gauge keeps its last values; /readyz tells the outage.
        }
      }
    },
  });
  const intakeBatchSize = new Histogram({
    name: 'sitroom_intake_batch_reports', help: 'Reports stored per INSERT at intake',
    buckets: [1, 2, 5, 10, 25, 50, 100, 200], registers: [registry],
  });
  const reportsEnqueued = new Counter({
    name: 'sitroom_reports_enqueued_total', help: 'Accepted reports handed to the triage queue, or left queued in Postgres for the reconciler', labelNames: ['outcome'], registers: [registry],
  });
  app.decorate('metrics', { reportsAccepted, reportsEnqueued, intakeBatchSize });

  app.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token && request.headers.authorization !== `Bearer ${token}`) throw new UnauthorizedError('Send the metrics token as "Authorization: Bearer <token>".');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});

