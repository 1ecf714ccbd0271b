import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@sitroom/core';
import { newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { buildTestApi, type InProcessApi } from '../support/app.ts';

let api: InProcessApi;
let fx: Fixture;

beforeAll(async () => {
  api = await buildTestApi({ RATE_LIMIT_REPORTS_PER_KEY: '1000', RATE_LIMIT_REPORTS_PER_IP: '100000', BODY_LIMIT_BYTES: String(256 * 1024) });
  fx = await seedFixture(api.database.db);
});
afterAll(async () => {
  await api?.close();
});

async function stored(): Promise<number> {
  const row = await api.database.db.selectFrom('reports').select(api.database.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function post(payload: string, headers: Record<string, string> = {}) {
  return api.app.inject({
    method: 'POST', url: '/api/v1/reports', payload,
    headers: { authorization: `Bearer ${fx.orgA.apiKey}`, 'content-type': 'application/json', ...headers },
  });
}

/** A small seeded PRNG, so a failing case can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const FIELDS = ['claim', 'urls', 'platform', 'language', 'region', 'category', 'observedAt', 'reach', 'evidence', 'externalId', 'tlp'] as const;
const WRONG_VALUES: unknown[] = [
  null, true, 0, -1, 1.5, 1e309, '', ' ', 'x'.repeat(20_000), [], [null], {}, { a: 1 }, ['a'.repeat(3000)],
  '\u0000', '\ud800', '\u202e\u200b', 'javascript:alert(1)', 'ftp://x.org', 'http://', '9999-99-99', '2999-01-01T00:00:00Z',
  Array.from({ length: 25 }, (_, i) => `https://e.org/${i}`), { __proto__: { admin: true } },
];

describe('bad input fuzz: every case is a 4xx with the error shape, nothing is stored, the process stays up', () => {
  it('wrong values in every field', async () => {
    const before = await stored();
    const bad: string[] = [];
    for (const field of FIELDS) {
      for (const value of WRONG_VALUES) {
        const body = { ...newReport(), [field]: value } as Record<string, unknown>;
        // Some wrong values are right for some fields (e.g. "" for evidence): make those cases invalid elsewhere too.
        body.platform = field === 'platform' ? value : 'not-a-platform';
        const res = await post(JSON.stringify(body));
        const parsed = ErrorBody.safeParse(res.json());
        if (res.statusCode < 400 || res.statusCode >= 500 || !parsed.success) bad.push(`${field}=${JSON.stringify(value)?.slice(0, 40)} → ${res.statusCode}`);
      }
    }
    expect(bad).toEqual([]);
    expect(await stored()).toBe(before);
  });

  it('prototype-pollution keys, deep nesting, huge and malformed bodies, random garbage', async () => {
    const before = await stored();
    const cases: string[] = [
      JSON.stringify({ ...newReport(), __proto__: { polluted: true } }).replace('}', ',"__proto__":{"polluted":true}}'),
      JSON.stringify({ ...newReport(), constructor: { prototype: { polluted: true } } }),
      `{"claim":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      JSON.stringify({ ...newReport(), evidence: 'e'.repeat(300 * 1024) }),
      '{"claim": "x",}', 'null', '"just a string"', '12', '{', '\u0000\u0001', '{"claim":"\\ud800"}',
    ];
    const random = rng(42);
    const alphabet = '{}[]":,0123456789abcdefghijklmnopqrstuvwxyz \\u\u00e9\u4e2d\ud83d\ude00';
    for (let i = 0; i < 200; i++) {
      let s = '';
      const len = Math.floor(random() * 200);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      cases.push(s);
    }
    const bad: string[] = [];
    for (const payload of cases) {
      const res = await post(payload);
      const ok = res.statusCode >= 400 && res.statusCode < 500 && ErrorBody.safeParse(res.json()).success;
      if (!ok) bad.push(`${JSON.stringify(payload.slice(0, 40))} → ${res.statusCode} ${res.body.slice(0, 80)}`);
    }
    expect(bad).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await stored()).toBe(before);
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('accepts hard but valid unicode (emoji, right-to-left, combining marks) intact', async () => {
    const claim = 'Ballots \u{1F5F3}\uFE0F in \u0627\u0644\u0642\u0627\u0647\u0631\u0629 \u2014 cafe\u0301';
    const res = await post(JSON.stringify(newReport({ claim })));
    expect(res.statusCode).toBe(202);
    const row = await api.database.db.selectFrom('reports').select('claim').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.claim).toBe(claim);
  });
});

describe('hardening', () => {
  it('rate-limits reports per API key with 429 and Retry-After, shared through Redis', async () => {
    const limited = await buildTestApi({ RATE_LIMIT_REPORTS_PER_KEY: '3' });
    try {
      const f = await seedFixture(limited.database.db);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await limited.app.inject({ method: 'POST', url: '/api/v1/reports', payload: newReport(), headers: { authorization: `Bearer ${f.orgA.apiKey}` } });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect(ErrorBody.parse(last!.json()).error.code).toBe('rate_limited');
      // Another organisation's key has its own budget.
      const other = await limited.app.inject({ method: 'POST', url: '/api/v1/reports', payload: newReport(), headers: { authorization: `Bearer ${f.orgB.apiKey}` } });
      expect(other.statusCode).toBe(202);
    } finally {
      await limited.close();
    }
  });

  it('counts concurrent reports exactly: of 12 sent at once with a budget of 5, five are accepted', async () => {
    const limited = await buildTestApi({ RATE_LIMIT_REPORTS_PER_KEY: '5' });
    try {
      const f = await seedFixture(limited.database.db);
      const answers = await Promise.all(Array.from({ length: 12 }, () => limited.app.inject({
        method: 'POST', url: '/api/v1/reports', payload: newReport(), headers: { authorization: `Bearer ${f.orgA.apiKey}` },
      })));
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses).toEqual([...Array(5).fill(202), ...Array(7).fill(429)]);
      const n = await limited.database.db.selectFrom('reports').select(limited.database.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(5);
    } finally {
      await limited.close();
    }
  });

  it('sends security headers and a strict content security policy; no CORS for unknown origins', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('exposes Prometheus metrics for operators', async () => {
    await post(JSON.stringify(newReport()));
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('sitroom_reports_accepted_total');
    expect(res.body).toMatch(/sitroom_queue_jobs\{queue="triage",state="waiting"\} \d+/);
    expect(res.body).toContain('sitroom_http_request_duration_seconds_bucket');
  });
});
