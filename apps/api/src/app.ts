import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiConfig } from './config.ts';
import { infraPlugin } from './plugins/infra.plugin.ts';
import { errorPlugin } from './plugins/error.plugin.ts';
import { securityPlugin } from './plugins/security.plugin.ts';
import { metricsPlugin } from './plugins/metrics.plugin.ts';
import { authPlugin } from './plugins/auth.plugin.ts';
import { zodValidatorCompiler } from './plugins/validation.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { reportRoutes } from './routes/report.routes.ts';
import { incidentRoutes } from './routes/incident.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { triageAdminRoutes } from './routes/triage-admin.routes.ts';
import { workflowRoutes } from './routes/workflow.routes.ts';
import { directoryAdminRoutes } from './routes/directory-admin.routes.ts';
import { feedRoutes } from './routes/feed.routes.ts';
import { narrativeRoutes } from './routes/narrative.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { referralRoutes } from './routes/referral.routes.ts';
import { attachSocketServer } from './live/socket.ts';

export interface BuildOptions {
  /** Attach the socket.io server (off for tests that only call app.inject()). */
  sockets?: boolean;
}

/** Builds the API without listening; `server.ts` listens, tests call `app.inject()`. */
export async function buildApp(config: ApiConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id']) ? req.headers['x-request-id'] : randomUUID()),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  // The request id goes back to the caller, so a report can be followed from its POST to the screen.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorPlugin);
  await app.register(infraPlugin, { config });
  await app.register(cookie);
  await app.register(securityPlugin, { corsOrigins: config.CORS_ORIGINS });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Sitroom API', version: '1', description: 'Election situation room: file reports, follow incidents.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin);
  await app.register(metricsPlugin, { token: config.METRICS_TOKEN, queues: [app.queue] });

  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(reportRoutes);
      await api.register(incidentRoutes);
      await api.register(adminRoutes);
      await api.register(triageAdminRoutes);
      await api.register(workflowRoutes);
      await api.register(directoryAdminRoutes);
      await api.register(feedRoutes);
      await api.register(narrativeRoutes);
      await api.register(metricsRoutes);
      await api.register(referralRoutes);
    },
    { prefix: '/api/v1' },
  );

  if (existsSync(config.DASHBOARD_DIR)) {
    await app.register(fastifyStatic, { root: config.DASHBOARD_DIR, wildcard: false, index: ['index.html'] });
    // Client-side routes of the dashboard fall back to its index.html.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (path.startsWith('/api/') || path.startsWith('/socket.io')) {
        return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${path}.` } });
      }
      return reply.sendFile('index.html');
    });
  } else {
    app.log.warn({ dir: config.DASHBOARD_DIR }, 'dashboard not built: run `pnpm --filter @sitroom/dashboard build`');
  }

  if (options.sockets !== false) attachSocketServer(app);
  return app;
}
