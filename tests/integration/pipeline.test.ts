import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@sitroom/core';
import { seedFixture, newReport, eventually, type Fixture } from '../support/fixtures.ts';
import { postReport, signIn, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let fx: Fixture;

beforeAll(async () => {
  stack = await startStack();
  fx = await seedFixture(stack.db);
});
afterAll(async () => {
  await stack?.stop();
});

async function reportOf(id: string) {
  return stack.db.selectFrom('reports').select(['status', 'incidentId']).where('id', '=', id).executeTakeFirst();
}

describe('intake → triage → incident', () => {
  it('stores an accepted report before answering 202 and triages it into an incident', async () => {
    const res = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
    const row = await reportOf(res.body.id);
    expect(row).toBeDefined();

    const triaged = await eventually(async () => {
      const r = await reportOf(res.body.id);
      return r?.status === 'triaged' ? r : undefined;
    }, 'the report to be triaged');
    const incident = await stack.db.selectFrom('incidents').selectAll().where('id', '=', triaged.incidentId!).executeTakeFirstOrThrow();
    expect(incident).toMatchObject({ status: 'triaged', reportCount: 1, organisationCount: 1, deskId: fx.deskId });
    expect(incident.severity).toBeGreaterThan(0);
    expect(incident.scoreBreakdown.map((f) => f.factor)).toContain('category');
    const audit = await stack.db.selectFrom('auditEvents').select('action').where('entityId', '=', incident.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['incident.created', 'incident.routed']);
  });

  it('joins a second report of the same link from another organisation to the same incident', async () => {
    const url = `https://www.facebook.com/groups/elecciones/posts/99${Date.now()}`;
    const first = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ urls: [url] }));
    const firstRow = await eventually(async () => ((await reportOf(first.body.id))?.incidentId ?? undefined), 'first report triaged');
    // Same post, another shape of link: mobile host, tracking parameter, trailing slash.
    const variant = url.replace('www.facebook.com', 'm.facebook.com') + '/?fbclid=abc123&utm_source=wa';
    const second = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport({ urls: [variant], claim: 'Dicen que cambiaron de lugar la mesa' }));
    expect(second.status).toBe(202);
    const secondIncident = await eventually(async () => ((await reportOf(second.body.id))?.incidentId ?? undefined), 'second report triaged');
    expect(secondIncident).toBe(firstRow);
    const incident = await stack.db.selectFrom('incidents').selectAll().where('id', '=', firstRow).executeTakeFirstOrThrow();
    expect(incident).toMatchObject({ reportCount: 2, organisationCount: 2, version: 2 });
  });

  it('joins the same claim text and language, but not the same text in another language', async () => {
    const claim = `¡El Tribunal anunció que el voto será el lunes ${Date.now()}!`;
    const a = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ claim, urls: [] }));
    const b = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport({ claim: claim.toUpperCase().replace('¡', ''), urls: [] }));
    const c = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport({ claim, urls: [], language: 'qu' }));
    const [ia, ib, ic] = await Promise.all([a, b, c].map((r) => eventually(async () => ((await reportOf(r.body.id))?.incidentId ?? undefined), 'triage')));
    expect(ib).toBe(ia);
    expect(ic).not.toBe(ia);
  });

  it('returns the existing report for the same externalId from the same organisation', async () => {
    const body = newReport({ externalId: `case-${Date.now()}` });
    const first = await postReport(stack.baseUrl, fx.orgA.apiKey, body);
    const again = await postReport(stack.baseUrl, fx.orgA.apiKey, body);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await postReport(stack.baseUrl, fx.orgB.apiKey, body);
    expect(other.status).toBe(202);
    expect(other.body.id).not.toBe(first.body.id);
    const count = await stack.db.selectFrom('reports').select(stack.db.fn.countAll<string>().as('n')).where('externalId', '=', body.externalId!).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('shows the report with its incident, and the incident with its reports, to a signed-in responder', async () => {
    const res = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    const incidentId = await eventually(async () => ((await reportOf(res.body.id))?.incidentId ?? undefined), 'triage');
    const cookie = await signIn(stack.baseUrl, fx.responder.email, fx.responder.password);
    const report = await (await fetch(`${stack.baseUrl}/api/v1/reports/${res.body.id}`, { headers: { cookie } })).json();
    expect(report).toMatchObject({ id: res.body.id, incidentId, status: 'triaged', organisationName: fx.orgA.name });
    const detail = (await (await fetch(`${stack.baseUrl}/api/v1/incidents/${incidentId}`, { headers: { cookie } })).json()) as IncidentDetail;
    expect(detail.reports.map((r) => r.id)).toEqual([res.body.id]);
    expect(detail.scoreBreakdown.length).toBeGreaterThan(0);
    expect(detail.timeline[0]?.action).toBe('incident.created');
    const list = (await (await fetch(`${stack.baseUrl}/api/v1/incidents?limit=200`, { headers: { cookie } })).json()) as IncidentList;
    expect(list.items.map((i) => i.id)).toContain(incidentId);
  });
});
