import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { RESTRICTED_TEXT, type IncidentDetail, type LiveEvent } from '@sitroom/core';
import { createDesk, createUser, hashPassword } from '@sitroom/db';
import { addRoleUsers, eventually, newReport, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';

let stack: Stack;
let fx: Fixture;
let lead: FixtureUser;
let otherDeskResponder: FixtureUser;
const clients = new Map<string, ReturnType<typeof userClient>>();
const cookies = new Map<string, string>();

async function client(u: FixtureUser) {
  if (!clients.has(u.email)) {
    const cookie = await signIn(stack.baseUrl, u.email, u.password);
    cookies.set(u.email, cookie);
    clients.set(u.email, userClient(stack.baseUrl, cookie));
  }
  return clients.get(u.email)!;
}

function listen(u: FixtureUser) {
  const events: LiveEvent[] = [];
  const socket = io(stack.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: cookies.get(u.email)! } });
  socket.on('incident.created', (e: LiveEvent) => events.push(e));
  const ready = new Promise((r) => socket.on('ready', r));
  return { socket, events, ready };
}

async function triaged(reportId: string): Promise<string> {
  return eventually(async () => {
    const r = await stack.db.selectFrom('reports').select(['status', 'incidentId']).where('id', '=', reportId).executeTakeFirst();
    return r?.status === 'triaged' ? r.incidentId! : undefined;
  }, 'triage');
}

beforeAll(async () => {
  stack = await startStack();
  fx = await seedFixture(stack.db);
  ({ lead } = await addRoleUsers(stack.db, fx));
  const otherDesk = await createDesk(stack.db, { name: 'Other desk' });
  await createUser(stack.db, { organisationId: fx.emb.id, email: 'other.desk@test.sitroom', name: 'Other', passwordHash: await hashPassword('test-password-1'), roles: ['responder'], deskId: otherDesk.id });
  otherDeskResponder = { id: '', email: 'other.desk@test.sitroom', password: 'test-password-1' };
  for (const u of [fx.responder, lead, otherDeskResponder, fx.admin]) await client(u);
});
afterAll(async () => {
  await stack?.stop();
});

describe('TLP and the protection of reporters', () => {
  it('a TLP:RED report is seen in full by its desk and admins; others see that it exists, not what it says or who filed it', async () => {
    const secretClaim = `Amenazas contra la candidata en el municipio ${Date.now()}`;
    const listeners = [fx.responder, lead, otherDeskResponder, fx.admin].map((u) => ({ u, ...listen(u) }));
    await Promise.all(listeners.map((l) => l.ready));

    const res = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport({ claim: secretClaim, tlp: 'red', category: 'gendered_violence', urls: ['https://secret.example/thread/1'] }));
    const incidentId = await triaged(res.body.id);

    for (const [u, full] of [[fx.responder, true], [fx.admin, true], [lead, false], [otherDeskResponder, false]] as const) {
      const c = await client(u);
      const detail = (await c<IncidentDetail>('GET', `/api/v1/incidents/${incidentId}`)).body;
      const list = (await c<{ items: { id: string; title: string }[] }>('GET', '/api/v1/incidents?limit=200')).body;
      const report = detail.reports[0]!;
      if (full) {
        expect(detail.title).toBe(secretClaim);
        expect(report).toMatchObject({ access: 'full', claim: secretClaim, organisationName: fx.orgA.name, urls: ['https://secret.example/thread/1'] });
      } else {
        expect(detail.title).toBe(RESTRICTED_TEXT);
        expect(list.items.find((i) => i.id === incidentId)?.title).toBe(RESTRICTED_TEXT);
        expect(report).toMatchObject({ access: 'restricted', claim: RESTRICTED_TEXT, organisationId: null, organisationName: null, urls: [] });
        expect(JSON.stringify(detail)).not.toContain(secretClaim);
        expect(JSON.stringify(detail)).not.toContain('secret.example');
      }
    }

    // Live events follow the same rule.
    for (const l of listeners) {
      const e = await eventually(async () => l.events.find((x) => x.incidentId === incidentId), `incident.created for ${l.u.email}`);
      const full = l.u === fx.responder || l.u === fx.admin;
      expect(e.incident.title).toBe(full ? secretClaim : RESTRICTED_TEXT);
      expect(JSON.stringify(e)).not.toContain('titleOrganisationId');
      l.socket.close();
    }
  });

  it('for amber reports, leads see the content but never who filed it; the desks see both', async () => {
    const res = await postReport(stack.baseUrl, fx.orgB.apiKey, newReport({ tlp: 'amber' }));
    const incidentId = await triaged(res.body.id);
    const byLead = (await (await client(lead))<IncidentDetail>('GET', `/api/v1/incidents/${incidentId}`)).body;
    expect(byLead.reports[0]).toMatchObject({ access: 'anonymous', organisationId: null, organisationName: null });
    expect(byLead.reports[0]!.claim).not.toBe(RESTRICTED_TEXT);
    expect(JSON.stringify(byLead)).not.toContain(fx.orgB.name);
    const byDesk = (await (await client(otherDeskResponder))<IncidentDetail>('GET', `/api/v1/incidents/${incidentId}`)).body;
    expect(byDesk.reports[0]).toMatchObject({ access: 'full', organisationName: fx.orgB.name });
  });

  it('another organisation cannot learn that a report exists', async () => {
    const res = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    const asOrgB = await fetch(`${stack.baseUrl}/api/v1/reports/${res.body.id}`, { headers: { authorization: `Bearer ${fx.orgB.apiKey}` } });
    expect(asOrgB.status).toBe(404);
    const asOrgA = await fetch(`${stack.baseUrl}/api/v1/reports/${res.body.id}`, { headers: { authorization: `Bearer ${fx.orgA.apiKey}` } });
    expect(asOrgA.status).toBe(200);
  });
});
