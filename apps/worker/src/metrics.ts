import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The worker's Prometheus metrics: job durations by job name, event lag (report received → event published), triage batch sizes. */
export function workerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sitroom_worker_' });
  const jobDuration = new Histogram({
    name: 'sitroom_job_duration_seconds', help: 'Time to process a job', labelNames: ['job', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5], registers: [registry],
  });
  const eventLag = new Histogram({
    name: 'sitroom_event_lag_seconds', help: 'From a report being accepted to its live event being published', labelNames: ['type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
  });
  const triageBatchSize = new Histogram({
    name: 'sitroom_triage_batch_size', help: 'Reports triaged together in one transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64], registers: [registry],
  });
  const triageDeferred = new Counter({
    name: 'sitroom_triage_deferred_total', help: 'Reports put off to the next batch because another transaction was triaging a report that might be the same rumour',
    registers: [registry],
  });
  let server: Server | null = null;
  return {
    registry,
    jobDuration,
    eventLag,
    triageBatchSize,
    triageDeferred,
    /** Serves /metrics on `port` (loopback unless `host` says otherwise). */
    async listen(port: number, host: string) {
      server = createServer((req, res) => {
        if (req.url !== '/metrics') {
          res.writeHead(404).end();
          return;
        }
        registry.metrics().then(
          (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
          () => res.writeHead(500).end(),
        );
      });
      await new Promise<void>((resolve) => server!.listen(port, host, resolve));
    },
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
}
