import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { claimNumbers, normalizeClaim } from '@sitroom/core';
import { claimCandidatesQuery, type Db } from '@sitroom/db';
import { IncidentStatsKeeper } from '../../apps/worker/src/table-stats.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// The claim search must stay a few index probes however the table grows: these check the plans
// Postgres picks for it, and that the worker keeps the table's statistics up with its growth.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** Stores `n` incidents; claim i states the number `shared` (when given) and a number of its own when i is even. */
async function storeIncidents(db: Db, n: number, from: number, shared?: string) {
  const rows = [];
  for (let i = from; i < from + n; i++) {
    const claim = `Denuncian traslado del recinto ${i % 2 === 0 ? `mesa ${100_000 + i} ` : ''}${shared ? `con ${shared} urnas ` : ''}en la comunidad ${i.toString(36)}`;
    const at = new Date();
    rows.push({
      title: claim, claimNorm: normalizeClaim(claim), claimNumbers: claimNumbers(claim), language: 'es', category: 'voting_process' as const,
      platform: 'facebook' as const, region: 'LP', status: 'triaged' as const, severity: 40, priority: 'P3' as const, scoreBreakdown: '[]',
      urlNorms: [`example.org/${i}`], reportCount: 1, organisationCount: 1, firstReportedAt: at, lastReportedAt: at, triagedAt: at,
    });
  }
  for (let s = 0; s < rows.length; s += 1000) await db.insertInto('incidents').values(rows.slice(s, s + 1000)).execute();
}

async function planOf(numbers: string[]): Promise<string> {
  const claim = `Denuncian traslado del recinto ${numbers.map((n) => `con ${n} urnas`).join(' ')} en la comunidad zz`;
  const query = claimCandidatesQuery({
    claimNorm: normalizeClaim(claim), numbers, language: 'es', since: new Date(Date.now() - 7 * 86_400_000), threshold: 0.2, limit: 10, claimsPerCandidate: 20,
  });
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(t.db);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function reltuples(): Promise<number> {
  const { rows: [row] } = await sql<{ n: number }>`select reltuples::float8 as n from pg_class where oid = 'incidents'::regclass`.execute(t.db);
  return Number(row!.n);
}

describe('the claim search and the incidents table statistics', () => {
  it('the worker analyses incidents after its first 200 new ones, then after each 20% of growth', async () => {
    const keeper = new IncidentStatsKeeper(t.db, { info: () => undefined, warn: () => undefined });
    const before = await reltuples();
    await storeIncidents(t.db, 150, 0);
    keeper.noteCreated(150);
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(0);
    expect(await reltuples()).toBe(before);

    await storeIncidents(t.db, 50, 150);
    keeper.noteCreated(50);
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(1);
    expect(await reltuples()).toBe(200);

    // 20% of 200 is below the 200 minimum: the next one comes after 200 more.
    await storeIncidents(t.db, 199, 200);
    keeper.noteCreated(199);
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(1);
    await storeIncidents(t.db, 1, 399);
    keeper.noteCreated(1);
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(2);
    expect(await reltuples()).toBe(400);
  });

  it('with statistics, a claim stating a number shared by thousands of incidents is searched on an index, not by reading them all', async () => {
    await storeIncidents(t.db, 4000, 1000, '2');
    await sql`analyze incidents`.execute(t.db);
    const plan = await planOf(['2']);
    expect(plan).toMatch(/incidents_claim_knn_numbered|incidents_claim_numbers/);
    expect(plan).toMatch(/incidents_claim_knn_plain/);
    expect(plan).not.toMatch(/Seq Scan on incidents/);
    // A claim without numbers: nearest neighbours on both KNN indexes.
    const plain = await planOf([]);
    expect(plain).toMatch(/Index Scan using incidents_claim_knn_numbered/);
    expect(plain).not.toMatch(/Seq Scan on incidents/);
  });
});
