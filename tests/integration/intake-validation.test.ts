import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@sitroom/core';
import { revokeApiKey } from '@sitroom/db';
import { newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { buildTestApi, type InProcessApi } from '../support/app.ts';

let api: InProcessApi;
let fx: Fixture;

beforeAll(async () => {
  api = await buildTestApi({ BODY_LIMIT_BYTES: String(64 * 1024) });
  fx = await seedFixture(api.database.db);
});
afterAll(async () => {
  await api?.close();
});

function post(body: unknown, headers: Record<string, string> = {}) {
  return api.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { authorization: `Bearer ${fx.orgA.apiKey}`, 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function storedReports(): Promise<number> {
  const row = await api.database.db.selectFrom('reports').select(api.database.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /api/v1/reports rejects bad input with the error shape and stores nothing', () => {
  it.each([
    ['an unknown field', { ...newReport(), colour: 'red' }, 'colour'],
    ['a bad URL', newReport({ urls: ['javascript:alert(1)'] }), 'urls.0'],
    ['a future observedAt', newReport({ observedAt: new Date(Date.now() + 86_400_000).toISOString() }), 'observedAt'],
    ['an empty claim', newReport({ claim: '' }), 'claim'],
    ['a wrong type', { ...newReport(), reach: 'many' }, 'reach'],
    ['a missing category', (({ category: _c, ...rest }) => rest)(newReport()), 'category'],
    ['an unknown platform', { ...newReport(), platform: 'myspace' }, 'platform'],
  ])('400 for %s, naming the field', async (_what, body, path) => {
    const before = await storedReports();
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    const parsed = ErrorBody.parse(res.json());
    expect(parsed.error.code).toBe('validation_failed');
    expect(parsed.error.details?.map((d) => d.path)).toContain(path);
    expect(parsed.error.details?.every((d) => d.message.length > 0)).toBe(true);
    expect(await storedReports()).toBe(before);
  });

  it('400 for a body that is not JSON', async () => {
    const res = await post('{"claim": ');
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).error.code).toBe('invalid_json');
  });

  it('400 for a JSON body that is not an object', async () => {
    const res = await post('[1,2,3]');
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).error.details?.[0]?.path).toBe('(body)');
  });

  it('413 for a body over the limit', async () => {
    const res = await post(newReport({ evidence: 'x'.repeat(70 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(ErrorBody.parse(res.json()).error.code).toBe('payload_too_large');
  });

  it('415 for a body that is not JSON by its content type', async () => {
    const res = await post('claim=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(ErrorBody.parse(res.json()).error.code).toBe('unsupported_media_type');
  });

  it('401 without a key, with an unknown key, with a malformed header, and with a revoked key', async () => {
    const noKey = await api.app.inject({ method: 'POST', url: '/api/v1/reports', payload: newReport() });
    expect(noKey.statusCode).toBe(401);
    expect(ErrorBody.parse(noKey.json()).error.code).toBe('unauthorized');
    expect((await post(newReport(), { authorization: 'Bearer sr_nope_nope' })).statusCode).toBe(401);
    expect((await post(newReport(), { authorization: 'Basic abc' })).statusCode).toBe(401);

    const revoked = await api.database.db.selectFrom('apiKeys').select('id').where('organisationId', '=', fx.orgB.id).executeTakeFirstOrThrow();
    await revokeApiKey(api.database.db, revoked.id);
    const res = await post(newReport(), { authorization: `Bearer ${fx.orgB.apiKey}` });
    expect(res.statusCode).toBe(401);
    expect(ErrorBody.parse(res.json()).error.message).toMatch(/revoked/);
  });

  it('accepts a valid report with 202 and stores it as queued', async () => {
    const before = await storedReports();
    const res = await post(newReport());
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id: expect.any(String), status: 'queued' });
    expect(await storedReports()).toBe(before + 1);
  });
});

describe('no data without a key or a session', () => {
  it.each([
    ['GET', '/api/v1/incidents'],
    ['GET', '/api/v1/incidents/00000000-0000-4000-8000-000000000000'],
    ['GET', '/api/v1/reports/00000000-0000-4000-8000-000000000000'],
    ['GET', '/api/v1/events'],
    ['GET', '/api/v1/admin/pipeline'],
    ['GET', '/api/v1/auth/session'],
  ])('%s %s → 401', async (method, url) => {
    const res = await api.app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(401);
    expect(ErrorBody.parse(res.json()).error.code).toBe('unauthorized');
  });

  it('an API key cannot read the queue', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: { authorization: `Bearer ${fx.orgA.apiKey}` } });
    expect(res.statusCode).toBe(403);
  });
});

describe('sign-in', () => {
  it('rejects a wrong password with 401 and no cookie', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: fx.responder.email, password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('400 names the field for a malformed email', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: 'x', password: 'y' } });
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).error.details?.[0]?.path).toBe('email');
  });

  it('signs in with an http-only same-site cookie, shows the user, and signs out', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: fx.responder.email.toUpperCase(), password: fx.responder.password } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: fx.responder.email, roles: ['responder'] });
    expect(JSON.stringify(res.json())).not.toMatch(/password|scrypt/i);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const me = await api.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect((await api.app.inject({ method: 'DELETE', url: '/api/v1/auth/session', headers: { cookie } })).statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).statusCode).toBe(401);
  });
});

describe('health', () => {
  it('/healthz and /readyz answer', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('serves OpenAPI docs generated from the schemas', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths)).toContain('/api/v1/reports');
    expect(JSON.stringify(doc.paths['/api/v1/reports'].post.requestBody)).toContain('observedAt');
  });
});

describe('sign-in lockout and CSRF', () => {
  it('locks an email after repeated failures (429 with Retry-After), across attempts with the right password', async () => {
    const email = fx.reporter.email;
    for (let i = 0; i < 5; i++) {
      const res = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email, password: `wrong-${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email, password: fx.reporter.password } });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(ErrorBody.parse(locked.json()).error.code).toBe('too_many_attempts');
    // Another account is not affected.
    const other = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: fx.admin.email, password: fx.admin.password } });
    expect(other.statusCode).toBe(200);
  });

  it('refuses a cookie-authenticated state change coming from another site', async () => {
    const signin = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: fx.admin.email, password: fx.admin.password } });
    const cookie = String(signin.headers['set-cookie']).split(';')[0]!;
    const body = { name: `Desk ${Date.now()}` };
    const forged = await api.app.inject({ method: 'POST', url: '/api/v1/admin/desks', headers: { cookie, origin: 'https://evil.example' }, payload: body });
    expect(forged.statusCode).toBe(403);
    const crossSite = await api.app.inject({ method: 'POST', url: '/api/v1/admin/desks', headers: { cookie, 'sec-fetch-site': 'cross-site' }, payload: body });
    expect(crossSite.statusCode).toBe(403);
    const sameOrigin = await api.app.inject({ method: 'POST', url: '/api/v1/admin/desks', headers: { cookie, origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }, payload: body });
    expect(sameOrigin.statusCode).toBe(201);
    // Reads and API-key requests are not affected.
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/admin/desks', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);
    expect((await post(newReport(), { origin: 'https://evil.example' })).statusCode).toBe(202);
  });
});

describe('interface language', () => {
  it('is remembered per user on the server', async () => {
    const signin = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: fx.responder.email, password: fx.responder.password } });
    expect(signin.json().locale).toBe('en');
    const cookie = String(signin.headers['set-cookie']).split(';')[0]!;
    const set = await api.app.inject({ method: 'PATCH', url: '/api/v1/auth/session', headers: { cookie }, payload: { locale: 'es' } });
    expect(set.statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).json().locale).toBe('es');
    const bad = await api.app.inject({ method: 'PATCH', url: '/api/v1/auth/session', headers: { cookie }, payload: { locale: 'fr' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('locale');
  });
});
