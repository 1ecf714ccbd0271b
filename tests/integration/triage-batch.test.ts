import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ReportInput, claimLockKeys, normalizeUrls, type ReportInput as ReportInputType } from '@sitroom/core';
import { insertReport } from '@sitroom/db';
import { ReportNotFoundError, TriageDeferred, triageReports, type TriageOutcome } from '../../apps/worker/src/triage.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { postReport, startStack } from '../support/stack.ts';

let t: TestDatabase;
let fx: Fixture;

beforeAll(async () => {
  t = await createTestDatabase();
  fx = await seedFixture(t.db);
});
afterAll(async () => {
  await t?.drop();
});

async function file(organisationId: string, overrides: Partial<ReportInputType> = {}): Promise<string> {
  return (await insertReport(t.db, { organisationId, apiKeyId: null, userId: null }, ReportInput.parse(newReport(overrides)))).id;
}

const outcome = (r: TriageOutcome | Error | undefined): TriageOutcome => {
  if (!r || r instanceof Error) throw new Error(`expected an outcome, got ${String(r)}`);
  return r;
};

describe('triage of several reports in one transaction', () => {
  it('triages in order (a second report of a new rumour joins the incident the first made), one answer per report', async () => {
    const url = `https://www.facebook.com/groups/elecciones/posts/${Date.now()}`;
    const first = await file(fx.orgA.id, { urls: [url] });
    const second = await file(fx.orgB.id, { urls: [`${url}?fbclid=x`] });
    const missing = '00000000-0000-4000-8000-00000000abcd';

    const results = await triageReports(t.db, [{ reportId: first, requestId: 'req-first' }, { reportId: missing }, { reportId: second }], { dedupWindowDays: 7 });

    expect(results).toHaveLength(3);
    const [a, b] = [outcome(results[0]), outcome(results[2])];
    expect(results[1]).toBeInstanceOf(ReportNotFoundError);
    expect(b.incidentId).toBe(a.incidentId);
    expect(a.events.map((e) => [e.type, e.reportId, e.requestId])).toEqual([['incident.created', first, 'req-first']]);
    expect(b.events.map((e) => [e.type, e.reportId, e.requestId])).toEqual([['incident.updated', second, undefined]]);
    expect(b.events[0]!.incident).toMatchObject({ reportCount: 2, organisationCount: 2 });
    expect(b.events[0]!.eventId).toBeGreaterThan(a.events[0]!.eventId);
    expect(b.events[0]!.version).toBeGreaterThan(a.events[0]!.version);

    // The event log holds what was published, the request id included.
    const logged = await t.db.selectFrom('incidentEvents').select(['id', 'payload']).where('reportId', '=', first).executeTakeFirstOrThrow();
    expect(Number(logged.id)).toBe(a.events[0]!.eventId);
    expect(logged.payload).toMatchObject({ requestId: 'req-first', reportId: first });

    // Run again (a retried batch): nothing changes, and nothing is announced twice.
    const again = await triageReports(t.db, [{ reportId: first }, { reportId: second }], { dedupWindowDays: 7 });
    expect(again.map((r) => [outcome(r).changed, outcome(r).events.length])).toEqual([[false, 0], [false, 0]]);
    const audits = await t.db.selectFrom('auditEvents').select('entityId').where('action', '=', 'report.triaged').where('entityId', 'in', [first, second]).execute();
    expect(audits).toHaveLength(2);
  });

  it('when the batch fails, triages each report alone: one the database refuses fails alone', async () => {
    await sql`
      create function refuse_poison() returns trigger language plpgsql as $$
      begin
        if new.status = 'triaged' and new.claim like '%poison%' then raise exception 'refused: poison'; end if;
        return new;
      end $$`.execute(t.db);
    await sql`create trigger refuse_poison before update on reports for each row execute function refuse_poison()`.execute(t.db);
    try {
      const good1 = await file(fx.orgA.id);
      const poison = await file(fx.orgA.id, { claim: 'A poison claim the database refuses to file' });
      const good2 = await file(fx.orgB.id);
      const failures: number[] = [];

      const results = await triageReports(t.db, [{ reportId: good1 }, { reportId: poison }, { reportId: good2 }], {
        dedupWindowDays: 7, onBatchFailure: (_err, size) => failures.push(size),
      });

      expect(failures).toEqual([3]);
      expect(outcome(results[0]).changed).toBe(true);
      expect(results[1]).toBeInstanceOf(Error);
      expect((results[1] as Error).message).toMatch(/refused: poison/);
      expect(outcome(results[2]).changed).toBe(true);
      const statuses = await t.db.selectFrom('reports').select(['id', 'status']).where('id', 'in', [good1, poison, good2]).execute();
      expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [good1]: 'triaged', [poison]: 'queued', [good2]: 'triaged' });
      const events = await t.db.selectFrom('incidentEvents').select('reportId').where('reportId', 'in', [good1, poison, good2]).execute();
      expect(events.map((e) => e.reportId).sort()).toEqual([good1, good2].sort());
    } finally {
      await sql`drop trigger refuse_poison on reports`.execute(t.db);
      await sql`drop function refuse_poison()`.execute(t.db);
    }
  });

  it('waits for its first report\'s locks, but puts off a later report whose rumour another transaction is triaging', async () => {
    const url = `https://www.facebook.com/groups/elecciones/posts/held-${Date.now()}`;
    const first = await file(fx.orgA.id);
    const held = await file(fx.orgA.id, { urls: [url] });
    const third = await file(fx.orgB.id);
    // Another transaction triaging a report with the same link holds its lock key.
    const other = await t.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`select pg_advisory_xact_lock(hashtextextended(${`url:${normalizeUrls([url])[0]}`}, 0))`.execute(conn);
      try {
        return await triageReports(t.db, [{ reportId: first }, { reportId: held }, { reportId: third }], { dedupWindowDays: 7 });
      } finally {
        await sql`rollback`.execute(conn);
      }
    });
    expect(outcome(other[0]).changed).toBe(true);
    expect(other[1]).toBeInstanceOf(TriageDeferred);
    expect(outcome(other[2]).changed).toBe(true);
    const status = async (id: string) => (await t.db.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(held)).toBe('queued');
    expect(await t.db.selectFrom('incidentEvents').select('id').where('reportId', '=', held).execute()).toHaveLength(0);

    // Once the lock is free it is triaged; at the head of a batch it would have waited for it.
    const later = await triageReports(t.db, [{ reportId: held }, { reportId: first }], { dedupWindowDays: 7 });
    expect(outcome(later[0]).changed).toBe(true);
    expect(outcome(later[1]).changed).toBe(false);
    expect(await status(held)).toBe('triaged');
  });

  it('puts off a retelling of a rumour another transaction is triaging, though their wordings share no MinHash band', async () => {
    // Two retellings isSameClaim joins. MinHash bands (what a claim without numbers locked on
    // before) give them no shared key, so triaged at once they made two incidents; they share
    // rare words ("trinidad", "lavandin").
    const told = 'En Trinidad se borran la tinta con lavandina para volver a votar';
    const retold = 'Comprobado: la tinta se quita con lavandina y en Trinidad hay gente votando doble';
    const everyWordCommon = { incidents: 1_000_000, rowsWith: () => 1_000_000 };
    expect(claimLockKeys(told, 'es', everyWordCommon).some((k) => claimLockKeys(retold, 'es', everyWordCommon).includes(k))).toBe(false);

    // The batch's first report waits for its own locks: it shares no word with the held ones.
    const first = await file(fx.orgA.id, { claim: 'Queman ánforas en Riberalta antes del conteo' });
    const toldId = await file(fx.orgA.id, { claim: told, language: 'es', urls: [] });
    const retoldId = await file(fx.orgB.id, { claim: retold, language: 'es', urls: [] });
    // Another transaction is triaging the first telling: it holds that claim's lock keys.
    const other = await t.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${claimLockKeys(told, 'es')}::text[]) as k`.execute(conn);
      try {
        return await triageReports(t.db, [{ reportId: first }, { reportId: retoldId }], { dedupWindowDays: 7 });
      } finally {
        await sql`rollback`.execute(conn);
      }
    });
    expect(outcome(other[0]).changed).toBe(true);
    expect(other[1]).toBeInstanceOf(TriageDeferred);

    // In turn, the retelling joins the first telling's incident.
    const [a] = await triageReports(t.db, [{ reportId: toldId }], { dedupWindowDays: 7 });
    const [b] = await triageReports(t.db, [{ reportId: retoldId }], { dedupWindowDays: 7 });
    expect(outcome(b).incidentId).toBe(outcome(a).incidentId);
  });

  it('a report twice in one batch is triaged once', async () => {
    const id = await file(fx.orgA.id);
    const results = await triageReports(t.db, [{ reportId: id }, { reportId: id }], { dedupWindowDays: 7 });
    expect(results.map((r) => outcome(r).changed)).toEqual([true, false]);
    expect(outcome(results[1]).incidentId).toBe(outcome(results[0]).incidentId);
  });
});

describe('a triage commit lost to a Postgres crash', () => {
  it('is triaged again into an incident of the same id: the reconciler replaces the completed job of a report still queued', async () => {
    const stack = await startStack();
    try {
      const sfx = await seedFixture(stack.db);
      const res = await postReport(stack.baseUrl, sfx.orgA.apiKey, newReport());
      const triagedAt = async () => (await stack.db.selectFrom('reports').select(['status', 'triagedAt', 'incidentId']).where('id', '=', res.body.id).executeTakeFirst());
      const first = await eventually(async () => ((await triagedAt())?.status === 'triaged' ? triagedAt() : undefined), 'the report to be triaged');
      const incidentId = first!.incidentId!;
      // What a lost commit leaves: the report queued (and old enough for the reconciler) while its job
      // has completed, and no incident (nor its event log). A real lost commit loses the triage's audit
      // rows too; here they stay, as the trail is append-only (a trigger refuses deletes).
      await stack.db.transaction().execute(async (trx) => {
        await trx.updateTable('reports').set({ status: 'queued', incidentId: null, triagedAt: null, receivedAt: new Date(Date.now() - 60_000) }).where('id', '=', res.body.id).execute();
        await trx.deleteFrom('incidents').where('id', '=', incidentId).execute();
      });
      const again = await eventually(async () => {
        const r = await triagedAt();
        return r?.status === 'triaged' ? r : undefined;
      }, 'the report to be triaged again');
      expect(again.triagedAt!.getTime()).toBeGreaterThan(first!.triagedAt!.getTime());
      // The live event, SLA jobs and webhooks sent after the lost commit named this very incident.
      expect(again.incidentId).toBe(incidentId);
    } finally {
      await stack.stop();
    }
  });
});
