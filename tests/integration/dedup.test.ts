import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFixture, newReport, eventually, type Fixture } from '../support/fixtures.ts';
import { postReport, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let fx: Fixture;

beforeAll(async () => {
  stack = await startStack();
  fx = await seedFixture(stack.db);
});
afterAll(async () => {
  await stack?.stop();
});

/** A place name of this test's own (letters only, capitalised), so tests never match each other's claims. */
function place(): string {
  const letters = 'bcdfghjklmnprstvz';
  const syllables = [...randomBytes(3)].map((b) => `${letters[b % letters.length]}${'aeiou'[b % 5]}`).join('');
  return `Villa ${syllables[0]!.toUpperCase()}${syllables.slice(1)}`;
}

async function triaged(apiKey: string, body: Parameters<typeof newReport>[0]): Promise<string> {
  const res = await postReport(stack.baseUrl, apiKey, newReport(body));
  expect(res.status).toBe(202);
  return eventually(async () => {
    const r = await stack.db.selectFrom('reports').select(['status', 'incidentId']).where('id', '=', res.body.id).executeTakeFirst();
    return r?.status === 'triaged' ? r.incidentId ?? undefined : undefined;
  }, 'the report to be triaged');
}

describe('deduplication', () => {
  it('joins reports from two organisations that link to one post in different shapes', async () => {
    const id = `7${Date.now()}`;
    const a = await triaged(fx.orgA.apiKey, { claim: `Circula un video sobre ${place()}`, urls: [`https://x.com/someone/status/${id}`] });
    const b = await triaged(fx.orgB.apiKey, { claim: 'Otro texto cualquiera', urls: [`https://mobile.twitter.com/other/status/${id}?s=20&t=abc`] });
    expect(b).toBe(a);
    const incident = await stack.db.selectFrom('incidents').select(['reportCount', 'organisationCount']).where('id', '=', a).executeTakeFirstOrThrow();
    expect(incident).toEqual({ reportCount: 2, organisationCount: 2 });
  });

  it('joins a reworded retelling of the same rumour, and keeps a near miss (another polling station) apart', async () => {
    const where = place();
    const a = await triaged(fx.orgA.apiKey, { urls: [], claim: `La mesa 45 de ${where} fue trasladada a la Unidad Educativa Ayacucho, no vayan al recinto de siempre` });
    const b = await triaged(fx.orgB.apiKey, { urls: [], claim: `Reenviado: 🚨 Atención votantes de ${where}: la mesa 45 ahora funciona en la Unidad Educativa Ayacucho #Elecciones2026` });
    const nearMiss = await triaged(fx.orgB.apiKey, { urls: [], claim: `La mesa 46 de ${where} fue trasladada a la Unidad Educativa Ayacucho, no vayan al recinto de siempre` });
    expect(b).toBe(a);
    expect(nearMiss).not.toBe(a);
  });

  it('keeps the same rumour in another language apart', async () => {
    const where = place();
    const a = await triaged(fx.orgA.apiKey, { urls: [], claim: `La mesa 52 de ${where} fue trasladada a la Unidad Educativa Ayacucho` });
    const b = await triaged(fx.orgB.apiKey, { urls: [], language: 'pt', claim: `La mesa 52 de ${where} fue trasladada a la Unidad Educativa Ayacucho` });
    expect(b).not.toBe(a);
  });

  it('reopens a closed incident when a new report matches it, and says so in its audit trail', async () => {
    const where = place();
    const claim = `Robaron 4 ánforas con votos en ${where} y la policía no hizo nada`;
    const a = await triaged(fx.orgA.apiKey, { urls: [], claim });
    await stack.db.updateTable('incidents').set({ status: 'closed', updatedAt: new Date() }).where('id', '=', a).execute();
    const b = await triaged(fx.orgB.apiKey, { urls: [], claim: `En ${where} se llevaron 4 ánforas con votos, la policía no hizo nada` });
    expect(b).toBe(a);
    const incident = await stack.db.selectFrom('incidents').select('status').where('id', '=', a).executeTakeFirstOrThrow();
    expect(incident.status).toBe('triaged');
    const audit = await stack.db.selectFrom('auditEvents').select(['action', 'before', 'after']).where('entityId', '=', a).orderBy('id').execute();
    const reopened = audit.find((e) => e.action === 'incident.reopened');
    expect(reopened?.before).toEqual({ status: 'closed' });
    expect(reopened?.after).toMatchObject({ status: 'triaged', reason: 'new_report' });
  });

  it('does not join an incident last reported before the window', async () => {
    const where = place();
    const claim = `Hay 3200 personas fallecidas habilitadas en el padrón de ${where}`;
    const a = await triaged(fx.orgA.apiKey, { urls: [], claim });
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await stack.db.updateTable('incidents').set({ lastReportedAt: eightDaysAgo, firstReportedAt: eightDaysAgo }).where('id', '=', a).execute();
    const b = await triaged(fx.orgB.apiKey, { urls: [], claim });
    expect(b).not.toBe(a);
  });

  it('does not reopen an incident closed before the window, even through a shared link', async () => {
    const url = `https://www.facebook.com/page/posts/9${Date.now()}`;
    const a = await triaged(fx.orgA.apiKey, { claim: `Acta adulterada en ${place()}`, urls: [url] });
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await stack.db.updateTable('incidents').set({ status: 'closed', updatedAt: tenDaysAgo }).where('id', '=', a).execute();
    const b = await triaged(fx.orgB.apiKey, { claim: 'El mismo post otra vez', urls: [url.replace('www.', 'm.')] });
    expect(b).not.toBe(a);
  });
});
