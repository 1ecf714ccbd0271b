import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseTimeRow, ResponseTimes } from '@sitroom/core';
import { createDesk, createElection, type Db } from '@sitroom/db';
import { addRoleUsers, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { buildTestApi, type InProcessApi } from '../support/app.ts';

let api: InProcessApi;
let fx: Fixture;
let lead: FixtureUser;
let db: Db;
const cookies = new Map<string, string>();

async function as(u: FixtureUser, url: string, accept = 'application/json') {
  if (!cookies.has(u.email)) {
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: u.email, password: u.password } });
    cookies.set(u.email, String(res.headers['set-cookie']).split(';')[0]!);
  }
  return api.app.inject({ method: 'GET', url, headers: { cookie: cookies.get(u.email)!, accept } });
}

const T0 = Date.parse('2026-11-01T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** An incident with a fixed history: triaged at `t`, acknowledged/rebutted after the given minutes (null: still open). */
async function incident(o: {
  t: number; ack?: number | null; reb?: number | null; status?: string; category?: string; region?: string; deskId?: string; org: string;
  ackDue?: number; rebDue?: number; reportsReceivedBefore?: number[];
}) {
  const row = await db.insertInto('incidents').values({
    title: `incident at ${o.t}`, claimNorm: `incident at ${o.t} ${Math.random()}`, language: 'es', category: (o.category ?? 'results') as 'results',
    platform: 'facebook', region: o.region ?? 'LP', status: (o.status ?? (o.reb != null ? 'rebutted' : o.ack != null ? 'acknowledged' : 'triaged')) as 'triaged',
    severity: 50, priority: 'P2', scoreBreakdown: '[]', deskId: o.deskId ?? fx.deskId, reportCount: 1, organisationCount: 1,
    firstReportedAt: at(o.t), lastReportedAt: at(o.t), triagedAt: at(o.t),
    acknowledgedAt: o.ack != null ? at(o.t + o.ack) : null, rebuttedAt: o.reb != null ? at(o.t + o.reb) : null,
    slaAckDueAt: at(o.t + (o.ackDue ?? 15)), slaRebuttalDueAt: at(o.t + (o.rebDue ?? 120)), titleOrganisationId: o.org, tlp: 'amber',
  }).returning('id').executeTakeFirstOrThrow();
  for (const before of o.reportsReceivedBefore ?? [1]) {
    await db.insertInto('reports').values({
      organisationId: o.org, claim: 'c', platform: 'facebook', language: 'es', category: 'results', observedAt: at(o.t - before), tlp: 'amber',
      status: 'triaged', incidentId: row.id, receivedAt: at(o.t - before), triagedAt: at(o.t),
    }).execute();
  }
  return row.id;
}

const byGroup = (rows: ResponseTimeRow[]) => Object.fromEntries(rows.map((r) => [r.group, r]));

beforeAll(async () => {
  api = await buildTestApi();
  db = api.database.db;
  fx = await seedFixture(db);
  ({ lead } = await addRoleUsers(db, fx));
  const election = await createElection(db, { name: 'Metrics election', pollingDay: '2026-11-01', timezone: 'America/La_Paz', regions: [{ code: 'LP', name: 'La Paz' }] });
  await db.updateTable('elections').set({ isActive: true }).where('id', '=', election.id).execute();
  const other = await createDesk(db, { name: 'Results desk' });
  // results: acknowledged after 5, 10, 20 minutes; rebutted after 60 and 200; one still open with no rebuttal.
  await incident({ t: 0, ack: 5, reb: 60, org: fx.orgA.id, reportsReceivedBefore: [1] });
  await incident({ t: 10, ack: 10, reb: 200, org: fx.orgA.id, reportsReceivedBefore: [2, 4] });
  await incident({ t: 20, ack: 20, reb: null, org: fx.orgB.id, reportsReceivedBefore: [3] });
  // hate_speech: one never acknowledged and still open (never counted as zero), one dismissed without acknowledgement (stopped).
  await incident({ t: 30, ack: null, reb: null, category: 'hate_speech', region: 'CB', deskId: other.id, org: fx.orgB.id });
  await incident({ t: 40, ack: null, reb: null, status: 'dismissed', category: 'hate_speech', region: 'CB', deskId: other.id, org: fx.orgB.id });
  // 03:30 UTC on the 2nd is still the 1st in La Paz (UTC-4); 04:30 UTC is the 2nd.
  await incident({ t: 15 * 60 + 30, ack: 1, reb: 30, category: 'voting_process', org: fx.orgA.id });
  await incident({ t: 16 * 60 + 30, ack: 2, reb: 40, category: 'voting_process', org: fx.orgA.id });
});
afterAll(async () => {
  await api?.close();
});

describe('response-time analytics', () => {
  it('computes count, median and p90 to the second, with open clocks as not yet met', async () => {
    const res = await as(lead, '/api/v1/metrics/response-times?groupBy=category');
    expect(res.statusCode).toBe(200);
    const body = res.json() as ResponseTimes;
    expect(body.timezone).toBe('America/La_Paz');
    const g = byGroup(body.rows);
    // results: ack 300, 600, 1200 s → median 600, p90 = 600 + 0.8 × 600 = 1080.
    expect(g.results!.incidents).toBe(3);
    expect(g.results!.timeToAcknowledge).toEqual({ met: 3, pending: 0, median: 600, p90: 1080 });
    // rebuttal: 3600, 12000 and one open (+∞) → median 12000, p90 is +∞ → null (not yet met).
    expect(g.results!.timeToRebuttal).toEqual({ met: 2, pending: 1, median: 12000, p90: null });
    // triage: reports received 60, 120, 240, 180 s before triage → median 150, p90 = 180 + 0.7 × 60 = 222.
    expect(g.results!.reports).toBe(4);
    expect(g.results!.timeToTriage.median).toBe(150);
    expect(g.results!.timeToTriage.p90).toBe(222);
    // SLA (15 min to acknowledge, 120 to rebut): ack 2 of 3 in time; rebuttal 1 in time, 1 late, 1 open but overdue.
    expect(g.results!.slaAcknowledgeCompliance).toBeCloseTo(2 / 3, 4);
    expect(g.results!.slaRebuttalCompliance).toBeCloseTo(1 / 3, 4);
    // hate_speech: the open one is pending (median not met → null), the dismissed one is left out.
    expect(g.hate_speech!.timeToAcknowledge).toEqual({ met: 0, pending: 1, median: null, p90: null });
    expect(g.hate_speech!.slaAcknowledgeCompliance).toBe(0);
  });

  it('groups by day in the election’s time zone', async () => {
    const rows = byGroup((await as(lead, '/api/v1/metrics/response-times?groupBy=day')).json().rows);
    expect(rows['2026-11-01']!.incidents).toBe(6);
    expect(rows['2026-11-02']!.incidents).toBe(1);
    expect(rows['2026-11-02']!.timeToAcknowledge.median).toBe(120);
  });

  it('groups by desk, region and organisation; a window outside the data gives no groups', async () => {
    const desks = byGroup((await as(lead, '/api/v1/metrics/response-times?groupBy=desk')).json().rows);
    expect(Object.values(desks).map((r) => [r.label, r.incidents]).sort()).toEqual([['General desk', 5], ['Results desk', 2]]);
    const orgs = (await as(lead, '/api/v1/metrics/response-times?groupBy=organisation')).json().rows as ResponseTimeRow[];
    expect(orgs.map((r) => [r.label, r.incidents]).sort()).toEqual([[fx.orgA.name, 4], [fx.orgB.name, 3]]);
    const empty = await as(lead, '/api/v1/metrics/response-times?groupBy=region&from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z');
    expect(empty.json().rows).toEqual([]);
    const window = byGroup((await as(lead, `/api/v1/metrics/response-times?groupBy=category&from=${encodeURIComponent(at(0).toISOString())}&to=${encodeURIComponent(at(15).toISOString())}`)).json().rows);
    expect(window.results!.incidents).toBe(2);
  });

  it('exports CSV safely (RFC 4180 quoting, no spreadsheet formulas)', async () => {
    await db.updateTable('organisations').set({ name: '=HYPERLINK("http://evil.example","x"), Inc' }).where('id', '=', fx.orgB.id).execute();
    const res = await as(lead, '/api/v1/metrics/response-times?groupBy=organisation', 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('organisation,label,incidents,reports,triage_median_s,triage_p90_s,acknowledged,acknowledge_pending,acknowledge_median_s,acknowledge_p90_s,rebutted,rebuttal_pending,rebuttal_median_s,rebuttal_p90_s,sla_acknowledge_compliance,sla_rebuttal_compliance,referrals');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x""), Inc"`);
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('is for leads and admins only', async () => {
    expect((await as(fx.responder, '/api/v1/metrics/response-times')).statusCode).toBe(403);
    expect((await as(fx.reporter, '/api/v1/metrics/scorecards')).statusCode).toBe(403);
    expect((await as(fx.admin, '/api/v1/metrics/backlog')).statusCode).toBe(200);
  });

  it('groups by DISARM tag: an incident counts in each of its tags, one without in "(untagged)"', async () => {
    const tagged = await incident({ t: 50, ack: 3, reb: 30, category: 'incitement', org: fx.orgA.id });
    const alsoTagged = await incident({ t: 55, ack: 7, reb: null, category: 'incitement', org: fx.orgA.id });
    await db.insertInto('incidentDisarmTags').values([
      { incidentId: tagged, disarmId: 'TA06', frameworkVersion: '1.4', taggedById: null },
      { incidentId: tagged, disarmId: 'T0023.001', frameworkVersion: '1.4', taggedById: null },
      { incidentId: alsoTagged, disarmId: 'TA06', frameworkVersion: '1.4', taggedById: null },
    ]).execute();
    try {
      const window = `from=${encodeURIComponent(at(50).toISOString())}&to=${encodeURIComponent(at(60).toISOString())}`;
      const rows = byGroup((await as(lead, `/api/v1/metrics/response-times?groupBy=disarm&${window}`)).json().rows);
      expect(Object.keys(rows).sort()).toEqual(['T0023.001', 'TA06']);
      expect(rows.TA06).toMatchObject({ incidents: 2, reports: 2, timeToAcknowledge: { met: 2, median: 300 }, timeToRebuttal: { met: 1, pending: 1 } });
      expect(rows['T0023.001']).toMatchObject({ incidents: 1, timeToAcknowledge: { met: 1, median: 180 } });
      const all = byGroup((await as(lead, '/api/v1/metrics/response-times?groupBy=disarm')).json().rows);
      expect(all['(untagged)']).toMatchObject({ label: '(no DISARM tag)', incidents: 7 });
    } finally {
      // The other tests count incidents and reports over the whole tables.
      await db.deleteFrom('reports').where('incidentId', 'in', [tagged, alsoTagged]).execute();
      await db.deleteFrom('incidents').where('id', 'in', [tagged, alsoTagged]).execute();
    }
  });

  it('rejects a bad groupBy or an empty window with the field named', async () => {
    const bad = await as(lead, '/api/v1/metrics/response-times?groupBy=colour');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('groupBy');
    const empty = await as(lead, '/api/v1/metrics/response-times?from=2026-12-07T00:00:00Z&to=2026-12-06T00:00:00Z');
    expect(empty.json().error.details[0].path).toBe('to');
  });

  it('scorecards, backlog and the election-day timeline', async () => {
    const cards = (await as(lead, '/api/v1/metrics/scorecards')).json().items as { organisation: string; reportsFiled: number; shareLedToRebuttal: number | null }[];
    const a = cards.find((c) => c.organisation === fx.orgA.name)!;
    expect(a.reportsFiled).toBe(5);
    expect(a.shareLedToRebuttal).toBe(1);
    const backlog = (await as(lead, '/api/v1/metrics/backlog')).json();
    expect(backlog.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(2);
    const timeline = (await as(lead, '/api/v1/metrics/timeline?day=2026-11-01')).json();
    expect(timeline.slots).toHaveLength(96);
    expect(timeline.slots[0].at).toBe('2026-11-01T04:00:00.000Z');
    const slot = timeline.slots.find((s: { at: string }) => s.at === '2026-11-01T12:00:00.000Z');
    expect(slot.incidents).toBe(2);
  });
});

describe('referrals', () => {
  it('are recorded with an outcome later, audited, and counted in the analytics', async () => {
    const incidentId = await incident({ t: 50, ack: 3, reb: null, category: 'incitement', org: fx.orgA.id });
    const cookie = cookies.get(fx.responder.email) ?? String((await api.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: fx.responder.email, password: fx.responder.password } })).headers['set-cookie']).split(';')[0]!;
    const created = await api.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/referrals`, headers: { cookie }, payload: { bodyKind: 'platform', bodyName: 'Meta', channel: 'trusted partner channel', reference: 'TP-1234' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ outcome: 'pending', reference: 'TP-1234' });
    const bad = await api.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${incidentId}/referrals/${created.json().id}`, headers: { cookie }, payload: { outcome: 'vanished' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('outcome');
    const outcome = await api.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${incidentId}/referrals/${created.json().id}`, headers: { cookie }, payload: { outcome: 'removed' } });
    expect(outcome.json()).toMatchObject({ outcome: 'removed', outcomeAt: expect.any(String) });
    const g = byGroup((await as(lead, '/api/v1/metrics/response-times?groupBy=category')).json().rows);
    expect(g.incitement!.referrals).toBe(1);
    expect(g.incitement!.referralOutcomes).toEqual({ removed: 1 });
    const audit = await db.selectFrom('auditEvents').select('action').where('entityId', '=', incidentId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['incident.referred', 'incident.referral_outcome']);
  });
});
