import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';

/**
 * A strict content security policy for the dashboard: scripts, styles, images and fonts from our
 * own origin only, live updates over our own origin's WebSocket, no framing. The OpenAPI page at
 * /docs (Swagger UI) needs inline scripts and styles and gets its own, looser policy.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/** Security headers, CORS limited to configured origins. */
export const securityPlugin = fp<{ corsOrigins: string[] }>(async (app, { corsOrigins }) => {
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  app.addHook('onSend', async (request, reply) => {
    reply.header('content-security-policy', request.url.startsWith('/docs') ? DOCS_CSP : DASHBOARD_CSP);
  });
  // Without configured origins no CORS headers are sent: browsers then allow same-origin only.
  await app.register(cors, { origin: corsOrigins.length ? corsOrigins : false, credentials: true });
});
