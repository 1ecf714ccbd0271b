import { describe, expect, it } from 'vitest';
import type { IncidentSummary, RebuttalView } from '@sitroom/core';
import type { FixtureUser } from '../support/fixtures.ts';
import { injectAs, seededTestApi } from '../support/app.ts';
import { fileAndTriage } from '../support/triage.ts';

const t = seededTestApi();
const as = <T = any>(u: FixtureUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) => injectAs<T>(t.api, u, method, url, payload);

async function auditCount(entityId: string): Promise<number> {
  const row = await t.api.database.db.selectFrom('auditEvents').select(t.api.database.db.fn.countAll<string>().as('n')).where('entityId', '=', entityId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('incident lifecycle', () => {
  it('acknowledge → assign (in progress) → dismiss with a reason → reopen, each one audit event', async () => {
    const { incidentId } = await fileAndTriage(t.api.database.db, t.fx.orgA.id);
    let n = await auditCount(incidentId);

    const ack = await as<IncidentSummary>(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/acknowledge`, { version: 1 });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(await auditCount(incidentId)).toBe(++n);

    const assigned = await as<IncidentSummary>(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/assign`, { userId: t.fx.responder.id, version: 2 });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'in_progress', assigneeId: t.fx.responder.id });
    expect(await auditCount(incidentId)).toBe(++n);

    const noReason = await as(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/status`, { status: 'dismissed', version: 3 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');

    const dismissed = await as<IncidentSummary>(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/status`, { status: 'dismissed', reason: 'out_of_scope', version: 3 });
    expect(dismissed.body.status).toBe('dismissed');
    expect(await auditCount(incidentId)).toBe(++n);

    const illegal = await as(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/status`, { status: 'in_progress', version: 4 });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.message).toMatch(/dismissed cannot become in progress/);
    expect(await auditCount(incidentId)).toBe(n);

    const reopened = await as<IncidentSummary>(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/status`, { status: 'triaged', version: 4 });
    expect(reopened.body.status).toBe('triaged');
    const detail = await as(t.fx.responder, 'GET', `/api/v1/incidents/${incidentId}`);
    expect(detail.body.timeline.map((t: { action: string }) => t.action)).toEqual(expect.arrayContaining(['incident.acknowledged', 'incident.assigned', 'incident.dismissed', 'incident.reopened']));
  });

  it('two responders acting at once: one wins, the other gets a 409 that says why', async () => {
    const { incidentId } = await fileAndTriage(t.api.database.db, t.fx.orgA.id);
    const [a, b] = await Promise.all([
      as(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/acknowledge`, { version: 1 }),
      as(t.users.approver, 'POST', `/api/v1/incidents/${incidentId}/acknowledge`, { version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('conflict');
    expect(loser.body.error.message).toMatch(/Someone else changed this incident/);
  });

  it('assigns only a responder of the incident’s desk', async () => {
    const { incidentId } = await fileAndTriage(t.api.database.db, t.fx.orgA.id);
    const res = await as(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/assign`, { userId: t.users.lead.id, version: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('userId');
  });
});

describe('DISARM tags', () => {
  it('sets the tag set with the framework version, audits each change once, and refuses bad ids, stale versions and leads', async () => {
    const { incidentId } = await fileAndTriage(t.api.database.db, t.fx.orgA.id);
    const url = `/api/v1/incidents/${incidentId}/disarm-tags`;
    let n = await auditCount(incidentId);
    const untaggedAt = (await as(t.fx.responder, 'GET', `/api/v1/incidents/${incidentId}`)).body.updatedAt;

    const bad = await as(t.fx.responder, 'PUT', url, { tags: ['TA06', 'X12'], version: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'tags.1', message: expect.stringMatching(/DISARM tactic id/) })]);
    expect((await as(t.fx.responder, 'PUT', url, { tags: ['TA06'], frameworkVersion: 'latest', version: 1 })).body.error.details[0].path).toBe('frameworkVersion');

    // Ids are trimmed and upper-cased; the set is stored once, sorted.
    const first = await as(t.fx.responder, 'PUT', url, { tags: [' t0023.001', 'TA06', 'ta06'], version: 1 });
    expect(first.status).toBe(200);
    expect(first.body.incident.version).toBe(2);
    expect(first.body.disarmTags).toEqual([
      expect.objectContaining({ id: 'T0023.001', name: null, frameworkVersion: '1.4', taggedBy: expect.any(String) }),
      expect.objectContaining({ id: 'TA06', name: 'Develop Content', frameworkVersion: '1.4' }),
    ]);
    expect(await auditCount(incidentId)).toBe(++n);

    // The same set again changes nothing: no new version, no audit event.
    const same = await as(t.fx.responder, 'PUT', url, { tags: ['TA06', 'T0023.001'], version: 2 });
    expect(same.body.incident.version).toBe(2);
    expect(await auditCount(incidentId)).toBe(n);

    const stale = await as(t.users.approver, 'PUT', url, { tags: [], version: 1 });
    expect(stale.status).toBe(409);
    expect((await as(t.users.lead, 'PUT', url, { tags: [], version: 2 })).status).toBe(403);

    // A new tag takes the version it was read in ("v1.6" is "1.6"); the kept one keeps its own.
    const second = await as(t.users.approver, 'PUT', url, { tags: ['T0023.001', 'TA17'], frameworkVersion: 'v1.6', version: 2 });
    expect(second.body.disarmTags.map((tag: { id: string; frameworkVersion: string }) => `${tag.id}@${tag.frameworkVersion}`)).toEqual(['T0023.001@1.4', 'TA17@1.6']);
    expect(await auditCount(incidentId)).toBe(++n);

    const detail = await as(t.users.lead, 'GET', `/api/v1/incidents/${incidentId}`);
    expect(detail.body.disarmTags.map((tag: { id: string }) => tag.id)).toEqual(['T0023.001', 'TA17']);
    // Tagging is not a change of state: a closed incident does not become joinable (reopened) again by it.
    expect(detail.body.updatedAt).toBe(untaggedAt);
    const tagged = detail.body.timeline.filter((e: { action: string }) => e.action === 'incident.tagged');
    expect(tagged.map((e: { detail: string }) => e.detail)).toEqual(['DISARM: T0023.001, TA06', 'DISARM: T0023.001, TA17']);
    const audit = await t.api.database.db.selectFrom('auditEvents').select(['before', 'after']).where('entityId', '=', incidentId).where('action', '=', 'incident.tagged').orderBy('id').execute();
    expect(audit.at(-1)).toMatchObject({ before: { disarmTags: ['T0023.001', 'TA06'] }, after: { disarmTags: ['T0023.001', 'TA17'], added: ['TA17'], frameworkVersion: '1.6' } });
  });
});

describe('rebuttals', () => {
  it('draft → four eyes approval → publish: incident rebutted, ClaimReview, feeds, reporter sees the answer', async () => {
    const { incidentId, reportId } = await fileAndTriage(t.api.database.db, t.fx.orgA.id, {
      urls: ['https://www.facebook.com/tse/posts/77001'], tlp: 'green',
    });
    await fileAndTriage(t.api.database.db, t.fx.orgB.id, { urls: ['https://www.facebook.com/tse/posts/77001', 'https://secret.example/red'], tlp: 'red' });
    const draft = await as<RebuttalView>(t.users.approver, 'POST', `/api/v1/incidents/${incidentId}/rebuttals`, {
      text: 'El recinto no cambió: la mesa funciona en el lugar habitual.', language: 'es', verdict: 'false', channels: ['website', 'x'],
    });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    const rid = draft.body.id;

    const own = await as(t.users.approver, 'POST', `/api/v1/incidents/${incidentId}/rebuttals/${rid}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/Four eyes/);
    expect((await as(t.fx.responder, 'POST', `/api/v1/incidents/${incidentId}/rebuttals/${rid}/approve`, {})).status).toBe(403);
    expect((await as(t.users.approver2, 'POST', `/api/v1/incidents/${incidentId}/rebuttals/${rid}/publish`, {})).status).toBe(409);

    const approved = await as<RebuttalView>(t.users.approver2, 'POST', `/api/v1/incidents/${incidentId}/rebuttals/${rid}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedById: t.users.approver2.id });
    expect((await as(t.fx.responder, 'GET', `/api/v1/incidents/${incidentId}/claimreview`)).status).toBe(404);

    const published = await as<RebuttalView>(t.users.approver2, 'POST', `/api/v1/incidents/${incidentId}/rebuttals/${rid}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const incident = await t.api.database.db.selectFrom('incidents').select(['status', 'rebuttedAt']).where('id', '=', incidentId).executeTakeFirstOrThrow();
    expect(incident.status).toBe('rebutted');
    expect(incident.rebuttedAt).not.toBeNull();
    expect((await as(t.users.approver2, 'PATCH', `/api/v1/incidents/${incidentId}/rebuttals/${rid}`, { text: 'x', version: 3 })).status).toBe(409);

    // Public, no sign-in: ClaimReview JSON-LD.
    const cr = await t.api.app.inject({ method: 'GET', url: `/api/v1/incidents/${incidentId}/claimreview` });
    expect(cr.statusCode).toBe(200);
    expect(cr.headers['content-type']).toContain('application/ld+json');
    const review = cr.json();
    expect(review).toMatchObject({
      '@context': 'https://schema.org', '@type': 'ClaimReview', inLanguage: 'es',
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
      author: { '@type': 'Organization', name: 'Electoral management body' },
      itemReviewed: { '@type': 'Claim' },
    });
    expect(typeof review.claimReviewed).toBe('string');
    expect(Date.parse(review.datePublished)).not.toBeNaN();
    // Links of the TLP:RED report stay out of the public document.
    expect(review.itemReviewed.appearance).toEqual([{ '@type': 'CreativeWork', url: 'https://www.facebook.com/tse/posts/77001' }]);

    const feed = await t.api.app.inject({ method: 'GET', url: '/api/v1/feed.json' });
    expect(feed.statusCode).toBe(200);
    expect(feed.json().items[0]).toMatchObject({ id: rid, url: expect.stringContaining(`/incidents/${incidentId}/claimreview`) });
    const rss = await t.api.app.inject({ method: 'GET', url: '/api/v1/feed.rss' });
    expect(rss.headers['content-type']).toContain('application/rss+xml');
    expect(rss.body).toContain(`<guid isPermaLink="false">${rid}</guid>`);

    // The filing organisation's reporter sees the answer on their report, and a notification.
    const mine = await as(t.fx.reporter, 'GET', '/api/v1/reports');
    const row = mine.body.items.find((r: { id: string }) => r.id === reportId);
    expect(row).toMatchObject({ incidentStatus: 'rebutted', answer: { verdict: 'false', language: 'es' } });
    const inbox = await as(t.fx.reporter, 'GET', '/api/v1/notifications');
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain('rebuttal.published');

    // And it is in the narrative library, offered for a similar incident.
    const lib = await as(t.fx.responder, 'GET', '/api/v1/narratives');
    expect(lib.body.items.some((n: { kind: string; text: string }) => n.kind === 'rebuttal' && n.text.startsWith('El recinto no cambió'))).toBe(true);

    // Every step audited once.
    const rebuttalAudit = await t.api.database.db.selectFrom('auditEvents').select('action').where('entityId', '=', rid).orderBy('id').execute();
    expect(rebuttalAudit.map((a) => a.action)).toEqual(['rebuttal.drafted', 'rebuttal.approved', 'rebuttal.published']);
  });

  it('suggests a pre-bunk written before polling day for a resembling incident', async () => {
    const created = await as(t.users.approver, 'POST', '/api/v1/narratives', {
      title: 'Voting day is not moved', claim: 'La votación se traslada al lunes por falta de papeletas', language: 'es',
      text: 'La votación es el domingo. No hay cambio de fecha.', verdict: 'false',
    });
    expect(created.status).toBe(201);
    expect((await as(t.fx.responder, 'POST', '/api/v1/narratives', { title: 'x', claim: 'y', language: 'es', text: 'z', verdict: 'false' })).status).toBe(403);
    const { incidentId } = await fileAndTriage(t.api.database.db, t.fx.orgA.id, { claim: 'URGENTE: la votación se traslada al lunes por falta de papeletas', urls: [] });
    const suggestions = await as(t.fx.responder, 'GET', `/api/v1/incidents/${incidentId}/narratives`);
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.items[0]).toMatchObject({ id: created.body.id, kind: 'prebunk' });
    expect(suggestions.body.items[0].similarity).toBeGreaterThan(0.3);
  });
});

describe('admin directory', () => {
  it('creates an API key shown once, lists it with last use, and a revoked key fails at once', async () => {
    const created = await as(t.fx.admin, 'POST', '/api/v1/admin/api-keys', { organisationId: t.fx.orgA.id, label: 'newsroom tool' });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^sr_/);
    const post = () => t.api.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { authorization: `Bearer ${key}` }, payload: { claim: 'x', platform: 'x', language: 'es', category: 'other' } });
    expect((await post()).statusCode).toBe(202);
    const list = await as(t.fx.admin, 'GET', `/api/v1/admin/api-keys?organisationId=${t.fx.orgA.id}`);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect((await as(t.fx.admin, 'DELETE', `/api/v1/admin/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await post()).statusCode).toBe(401);
    const audit = await t.api.database.db.selectFrom('auditEvents').select(['action', 'after']).where('entityId', '=', created.body.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('creates users with a hashed password that can sign in, and never shows the hash', async () => {
    const res = await as(t.fx.admin, 'POST', '/api/v1/admin/users', {
      email: 'new.responder@test.sitroom', name: 'New Responder', organisationId: t.fx.emb.id, roles: ['responder'], deskId: t.fx.deskId, password: 'a-long-enough-password',
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
    const signIn = await t.api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: 'new.responder@test.sitroom', password: 'a-long-enough-password' } });
    expect(signIn.statusCode).toBe(200);
    expect((await as(t.fx.admin, 'POST', '/api/v1/admin/users', { email: 'x@test.sitroom', name: 'x', organisationId: t.fx.emb.id, roles: [], password: 'short' })).body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['password', 'roles']);
    const audit = await as(t.fx.admin, 'GET', '/api/v1/admin/audit?entityType=user');
    expect(audit.body.items[0].action).toBe('user.created');
    expect(JSON.stringify(audit.body)).not.toMatch(/a-long-enough-password|scrypt/);
  });
});
