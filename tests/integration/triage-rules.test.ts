import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail } from '@sitroom/core';
import { createDesk } from '@sitroom/db';
import { eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';

let stack: Stack;
let fx: Fixture;
let admin: ReturnType<typeof userClient>;
let responder: ReturnType<typeof userClient>;
let resultsDesk: { id: string };
let hateDesk: { id: string };

beforeAll(async () => {
  stack = await startStack();
  fx = await seedFixture(stack.db);
  resultsDesk = await createDesk(stack.db, { name: 'Results desk' });
  hateDesk = await createDesk(stack.db, { name: 'Hate speech desk' });
  admin = userClient(stack.baseUrl, await signIn(stack.baseUrl, fx.admin.email, fx.admin.password));
  responder = userClient(stack.baseUrl, await signIn(stack.baseUrl, fx.responder.email, fx.responder.password));
});
afterAll(async () => {
  await stack?.stop();
});

async function triagedIncident(reportId: string): Promise<IncidentDetail> {
  const incidentId = await eventually(async () => {
    const r = await stack.db.selectFrom('reports').select(['status', 'incidentId']).where('id', '=', reportId).executeTakeFirst();
    return r?.status === 'triaged' ? r.incidentId! : undefined;
  }, 'triage');
  const res = await responder<IncidentDetail>('GET', `/api/v1/incidents/${incidentId}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('routing rules', () => {
  it('are created, tested, reordered and disabled by an admin, and route new incidents (first match wins)', async () => {
    const byCategory = await admin('POST', '/api/v1/admin/routing-rules', { name: 'Results', deskId: resultsDesk.id, conditions: { categories: ['results'] } });
    expect(byCategory.status).toBe(201);
    const byRegion = await admin('POST', '/api/v1/admin/routing-rules', { name: 'Potosí hate', deskId: hateDesk.id, conditions: { categories: ['hate_speech', 'results'], regions: ['PT'] } });
    expect(byRegion.status).toBe(201);
    expect(byRegion.body.position).toBe(2);

    const sample = { category: 'results', region: 'PT', language: 'es', platform: 'whatsapp', priority: 'P2' };
    const test1 = await admin('POST', '/api/v1/admin/routing-rules/test', sample);
    expect(test1.body).toMatchObject({ deskId: resultsDesk.id, deskName: 'Results desk', ruleId: byCategory.body.id });
    expect(test1.body.reason).toContain('rule "Results"');

    const reordered = await admin('POST', '/api/v1/admin/routing-rules/reorder', { ids: [byRegion.body.id, byCategory.body.id] });
    expect(reordered.status).toBe(200);
    expect((await admin('POST', '/api/v1/admin/routing-rules/test', sample)).body.deskName).toBe('Hate speech desk');

    // Takes effect on the next triage, without restarting the worker.
    const inPotosi = await triagedIncident((await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ category: 'results', region: 'PT' }))).body.id);
    expect(inPotosi.deskName).toBe('Hate speech desk');
    expect(inPotosi.routeReason).toContain('Potosí hate');
    expect(inPotosi.timeline.map((t) => t.action)).toContain('incident.routed');

    const elsewhere = await triagedIncident((await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ category: 'results', region: 'LP' }))).body.id);
    expect(elsewhere.deskName).toBe('Results desk');

    expect((await admin('PATCH', `/api/v1/admin/routing-rules/${byRegion.body.id}`, { enabled: false })).status).toBe(200);
    const disabled = await triagedIncident((await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ category: 'results', region: 'PT' }))).body.id);
    expect(disabled.deskName).toBe('Results desk');

    const unmatched = await triagedIncident((await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ category: 'opinion_polls' }))).body.id);
    expect(unmatched.deskName).toBe('General desk');
    expect(unmatched.routeReason).toContain('default desk');
  });

  it('rejects bad rules with the field named, and a reorder that does not list every rule', async () => {
    const bad = await admin('POST', '/api/v1/admin/routing-rules', { name: 'x', deskId: resultsDesk.id, conditions: { categories: ['gossip'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('conditions.categories.0');
    const unknownDesk = await admin('POST', '/api/v1/admin/routing-rules', { name: 'x', deskId: '00000000-0000-4000-8000-000000000000', conditions: {} });
    expect(unknownDesk.status).toBe(400);
    expect(unknownDesk.body.error.details[0].path).toBe('deskId');
    const partial = await admin('POST', '/api/v1/admin/routing-rules/reorder', { ids: ['00000000-0000-4000-8000-000000000000'] });
    expect(partial.status).toBe(400);
    expect(partial.body.error.details[0].path).toBe('ids');
  });

  it('are for admins only', async () => {
    expect((await responder('GET', '/api/v1/admin/routing-rules')).status).toBe(403);
    expect((await responder('POST', '/api/v1/admin/routing-rules/test', {})).status).toBe(403);
  });
});

describe('scoring settings, lexicon and election calendar', () => {
  it('an active election, its region sensitivity, the lexicon and new weights all show in the next triage', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const election = await admin('POST', '/api/v1/admin/elections', {
      name: 'Test general election', pollingDay: today, timezone: 'UTC', languages: ['es'], active: true,
      regions: [{ code: 'PT', name: 'Potosí', sensitivity: 3 }, { code: 'LP', name: 'La Paz', sensitivity: 0 }],
    });
    expect(election.status).toBe(201);
    expect(election.body.settings.sla.P1).toEqual({ acknowledgeMinutes: 15, rebuttalMinutes: 120 });
    const term = await admin('POST', '/api/v1/admin/lexicon', { language: 'es', term: 'quemar las ánforas', kind: 'violence', weight: 12 });
    expect(term.status).toBe(201);
    expect(term.body.termNorm).toBe('quemar las anforas');
    expect((await admin('POST', '/api/v1/admin/lexicon', { language: 'es', term: 'Quemar las anforas', kind: 'violence', weight: 3 })).status).toBe(409);

    const claim = `Hay que QUEMAR las ánforas en el recinto ${Date.now()}`;
    const first = await triagedIncident((await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ claim, urls: [], category: 'incitement', region: 'PT' }))).body.id);
    const factor = (d: IncidentDetail, name: string) => d.scoreBreakdown.find((f) => f.factor === name)!;
    expect(factor(first, 'proximity')).toMatchObject({ contribution: 12, detail: 'polling day' });
    expect(factor(first, 'region')).toMatchObject({ contribution: 9 });
    expect(factor(first, 'harm_language').contribution).toBe(12);
    expect(first.matchedTerms).toEqual([{ term: 'quemar las ánforas', kind: 'violence', weight: 12 }]);
    expect(first.severity).toBe(Math.round(first.scoreBreakdown.reduce((s, f) => s + f.contribution, 0)));

    // Weights and cut-offs change: the next triage uses them, no restart.
    const settings = await admin('PUT', `/api/v1/admin/elections/${election.body.id}/settings`, {
      weights: { harm_language: 0, region: 2 }, cutoffs: { P1: 95, P2: 90, P3: 85 },
    });
    expect(settings.status).toBe(200);
    const second = await triagedIncident((await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ claim: `${claim} otra vez ${Date.now()}`, urls: [], category: 'incitement', region: 'PT' }))).body.id);
    expect(factor(second, 'harm_language').contribution).toBe(0);
    expect(factor(second, 'region').contribution).toBe(18);
    expect(second.priority).toBe('P4');

    const invalid = await admin('PUT', `/api/v1/admin/elections/${election.body.id}/settings`, { cutoffs: { P1: 10, P2: 50, P3: 30 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0].path).toBe('cutoffs.P1');
    const badZone = await admin('POST', '/api/v1/admin/elections', { name: 'x', pollingDay: today, timezone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.details[0].path).toBe('timezone');

    const audit = await stack.db.selectFrom('auditEvents').select('action').where('entityType', 'in', ['election', 'lexicon_term']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['election.created', 'election.settings_changed', 'lexicon.created']);
  });
});
