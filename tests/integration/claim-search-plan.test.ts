import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { claimKeys, DEFAULT_DEDUP_THRESHOLDS, normalizeClaim, probeKeys, type KeyRows } from '@sitroom/core';
import { backfillClaimKeys, claimCandidatesQuery, ClaimKeyStats, findIncidentMatch, incidentClaimColumns, type Db } from '@sitroom/db';
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

/** A name of letters only, its own for each i (a word digits would not be kept as a search word). */
const nameOf = (i: number) => `Q${Array.from(i.toString(26).padStart(4, '0'), (d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`;

/**
 * Stores `n` incidents; claim i names a community of its own, and states the number `shared` (when
 * given) and a number of its own when i is even. With `keys` false, their search words are left
 * to be filled in (as for incidents stored before there were any).
 */
async function storeIncidents(db: Db, n: number, from: number, shared?: string, keys = true) {
  const rows = [];
  for (let i = from; i < from + n; i++) {
    const claim = `Denuncian traslado del recinto ${i % 2 === 0 ? `mesa ${100_000 + i} ` : ''}${shared ? `con ${shared} urnas ` : ''}en la comunidad ${nameOf(i)}`;
    const at = new Date();
    rows.push({
      ...incidentClaimColumns(claim), ...(keys ? {} : { claimKeys: null }), language: 'es', category: 'voting_process' as const,
      platform: 'facebook' as const, region: 'LP', status: 'triaged' as const, severity: 40, priority: 'P3' as const, scoreBreakdown: '[]',
      urlNorms: [`example.org/${i}`], reportCount: 1, organisationCount: 1, firstReportedAt: at, lastReportedAt: at, triagedAt: at,
    });
  }
  for (let s = 0; s < rows.length; s += 1000) await db.insertInto('incidents').values(rows.slice(s, s + 1000)).execute();
}

/** `n` incidents this worker created, as `noteCreated` takes them (their search words do not matter here). */
const created = (n: number): string[][] => Array.from({ length: n }, () => []);

async function planOf(numbers: string[], stats?: KeyRows): Promise<string> {
  const claim = `Denuncian traslado del recinto ${numbers.map((n) => `con ${n} urnas`).join(' ')} en la comunidad ${nameOf(1200)}`;
  const query = claimCandidatesQuery({
    claimNorm: normalizeClaim(claim), numbers, probe: probeKeys(claimKeys(claim), stats), language: 'es', since: new Date(Date.now() - 7 * 86_400_000), threshold: 0.2, limit: 10, claimsPerCandidate: 20,
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
    keeper.noteCreated(created(150));
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(0);
    expect(await reltuples()).toBe(before);

    await storeIncidents(t.db, 50, 150);
    keeper.noteCreated(created(50));
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(1);
    expect(await reltuples()).toBe(200);

    // 20% of 200 is below the 200 minimum: the next one comes after 200 more.
    await storeIncidents(t.db, 199, 200);
    keeper.noteCreated(created(199));
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(1);
    await storeIncidents(t.db, 1, 399);
    keeper.noteCreated(created(1));
    await keeper.idle();
    expect(keeper.analyzed.count).toBe(2);
    expect(await reltuples()).toBe(400);
  });

  it('with statistics, claims are looked up by their rare words and shared numbers on indexes, not by reading every incident', async () => {
    await storeIncidents(t.db, 4000, 1000, '2');
    await sql`analyze incidents`.execute(t.db);
    const stats = new ClaimKeyStats();
    await stats.load(t.db);
    // Every claim says "denuncian" and "traslado": known to be common. A community's name is rare.
    expect(stats.incidents).toBe(4400);
    expect(stats.rowsWith('denunci')).toBeGreaterThan(4000);
    expect(stats.rowsWith(claimKeys(nameOf(1200))[0]!)).toBeLessThan(50);
    const claim = `Denuncian traslado del recinto en la comunidad ${nameOf(1200)}`;
    expect(probeKeys(claimKeys(claim), stats).keys).toEqual(claimKeys(nameOf(1200)));

    const plan = await planOf(['2'], stats);
    expect(plan).toMatch(/incidents_claim_knn_numbered|incidents_claim_numbers/);
    expect(plan).toMatch(/Bitmap Index Scan on incidents_claim_keys/);
    expect(plan).not.toMatch(/Seq Scan on incidents/);
    const plain = await planOf([], stats);
    expect(plain).toMatch(/Bitmap Index Scan on incidents_claim_keys/);
    expect(plain).not.toMatch(/Seq Scan on incidents/);
    // And the lookup finds the incident by its name.
    const { rows } = await sql<{ title: string | null }>`${claimCandidatesQuery({
      claimNorm: normalizeClaim(claim), numbers: [], probe: probeKeys(claimKeys(claim), stats), language: 'es',
      since: new Date(Date.now() - 86_400_000), threshold: 0.2, limit: 10, claimsPerCandidate: 20,
    })}`.execute(t.db);
    expect(rows.filter((r) => r.title).map((r) => r.title)).toContain(`Denuncian traslado del recinto mesa 101200 con 2 urnas en la comunidad ${nameOf(1200)}`);
  });

  it('estimates a word ANALYZE did not list as rarer than its cutoff, not as half the commonest words', async () => {
    // A small statistics target lists only the words seen more than ~16 times in these 4,400 rows.
    await sql`alter table incidents alter column claim_keys set statistics 10`.execute(t.db);
    await sql`analyze incidents`.execute(t.db);
    const stats = new ClaimKeyStats();
    await stats.load(t.db);
    expect(stats.summary.words).toBeLessThan(20);
    expect(stats.rowsWith('denunci')).toBeGreaterThan(4000);
    // A name seen once: below the cutoff (~16 rows), so estimated at about half of it.
    const name = claimKeys(nameOf(1200))[0]!;
    expect(stats.rowsWith(name)).toBeGreaterThan(0);
    expect(stats.rowsWith(name)).toBeLessThan(16);
    await sql`alter table incidents alter column claim_keys set statistics 1000`.execute(t.db);
    await sql`analyze incidents`.execute(t.db);
  });

  it('fills in the search words of incidents stored without them, and the worker reads the word statistics after its ANALYZE', async () => {
    await storeIncidents(t.db, 2500, 10_000, undefined, false);
    expect(await backfillClaimKeys(t.db, 1_000)).toBe(2500);
    expect(await backfillClaimKeys(t.db, 1_000)).toBe(0);
    const { rows } = await sql<{ missing: number; wrong: number }>`
      select count(*) filter (where claim_keys is null)::int as missing,
             count(*) filter (where not claim_keys @> array['denunci', 'trasl'])::int as wrong
      from incidents`.execute(t.db);
    expect(rows[0]).toEqual({ missing: 0, wrong: 0 });

    const keeper = new IncidentStatsKeeper(t.db, { info: () => undefined, warn: () => undefined }, { minRows: 1 });
    keeper.noteCreated(created(1));
    await keeper.idle();
    expect(keeper.keyStats.incidents).toBe(6900);
    expect(keeper.keyStats.rowsWith('denunci')).toBeGreaterThan(6000);
  });
  it('takes a word that turns common faster than ANALYZE looks (a trending name) as common at once, until the next ANALYZE counts it', async () => {
    const keeper = new IncidentStatsKeeper(t.db, { info: () => undefined, warn: () => undefined }, { minRows: 1_000_000 });
    await keeper.refresh();
    const trending = claimKeys('Denuncian a Zafirova')[1]!;
    expect(claimKeys('Denuncian a Zafirova')).toEqual(['denunci', trending]);
    const before = keeper.keyStats.rowsWith(trending);
    expect(before).toBeLessThan(5);
    // Rare: looked up alone, beside the claim's rarest word.
    expect(probeKeys([trending, 'qunseen'], keeper.keyStats).keys).toContain(trending);

    // 400 new rumours name it within the minute, stored by this worker.
    keeper.noteCreated(Array.from({ length: 400 }, () => [trending, `qown${Math.random()}`]));
    expect(keeper.keyStats.rowsWith(trending)).toBe(400);
    expect(probeKeys([trending, 'qunseen'], keeper.keyStats).keys).toEqual(['qunseen']);

    // After an ANALYZE the statistics count it (here it was never stored, so they find it rare again).
    await sql`analyze incidents`.execute(t.db);
    await keeper.refresh();
    expect(keeper.keyStats.rowsWith(trending)).toBe(before);
  });

  it('looks up combinations of common words only when the rare words found nothing worded alike', async () => {
    // 600 rumours worded alike but for the neighbourhood: their words are common, the names rare.
    const at = new Date();
    const claimOf = (i: number) => `Queman ánforas electorales en el barrio ${nameOf(20_000 + i)}`;
    await t.db.insertInto('incidents').values(Array.from({ length: 600 }, (_, i) => ({
      ...incidentClaimColumns(claimOf(i)), language: 'es', category: 'voting_process' as const, platform: 'facebook' as const,
      status: 'triaged' as const, severity: 40, priority: 'P3' as const, scoreBreakdown: '[]', urlNorms: [],
      reportCount: 1, organisationCount: 1, firstReportedAt: at, lastReportedAt: at, triagedAt: at,
    }))).execute();
    await sql`analyze incidents`.execute(t.db);
    const stats = new ClaimKeyStats();
    await stats.load(t.db);

    const search = async (claim: string) => {
      const query = claimCandidatesQuery({
        claimNorm: normalizeClaim(claim), numbers: [], probe: probeKeys(claimKeys(claim), stats), language: 'es',
        since: new Date(Date.now() - 86_400_000), threshold: 0.2, limit: 10, claimsPerCandidate: 20, closeEnough: 0.5,
      });
      const { rows: plan } = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off, timing off) ${query}`.execute(t.db);
      const { rows } = await query.execute(t.db);
      const lines = plan.map((r) => r['QUERY PLAN']);
      return {
        plan: lines.join('\n'),
        // Index scans Postgres planned but did not run.
        skipped: lines.filter((l) => l.includes('Bitmap Index Scan on incidents_claim_keys') && l.includes('never executed')).length,
        titles: rows.filter((r) => r.title).map((r) => r.title),
      };
    };
    const known = `Reenviado: ${claimOf(7)}`;
    expect(probeKeys(claimKeys(known), stats).combinations.length).toBeGreaterThan(0);

    // A forward names its neighbourhood: the rare name finds its rumour, and the common words are not read.
    const forward = await search(known);
    expect(forward.titles).toEqual([claimOf(7)]);
    expect(forward.plan).toMatch(/One-Time Filter/);
    expect(forward.plan).toMatch(/Index Cond: \(+claim_keys @>/);
    expect(forward.skipped).toBeGreaterThan(0);

    // A neighbourhood nobody named: the common words are looked up together, and find the rumours.
    const unnamed = await search('Queman ánforas electorales en el barrio Zyxwvut');
    expect(unnamed.plan).toMatch(/Index Cond: \(+claim_keys @>/);
    expect(unnamed.skipped).toBe(0);
    expect(unnamed.titles.length).toBe(10);
    expect(unnamed.titles.every((title) => title!.startsWith('Queman ánforas electorales en el barrio'))).toBe(true);
  });
  it('reads the combinations after all when what the rare words found does not match', async () => {
    // The report's one rare word is shared only by an unrelated rumour; its own rumour states no name.
    const at = new Date();
    const store = (claim: string) => t.db.insertInto('incidents').values({
      ...incidentClaimColumns(claim), language: 'es', category: 'voting_process' as const, platform: 'facebook' as const,
      status: 'triaged' as const, severity: 40, priority: 'P3' as const, scoreBreakdown: '[]', urlNorms: [],
      reportCount: 1, organisationCount: 1, firstReportedAt: at, lastReportedAt: at, triagedAt: at,
    }).returning('id').executeTakeFirstOrThrow();
    const unrelated = await store('Cortan la luz en el barrio Wqxyzt durante el conteo');
    const rumour = await store('Queman ánforas electorales en el barrio');
    await sql`analyze incidents`.execute(t.db);
    const stats = new ClaimKeyStats();
    await stats.load(t.db);
    const claim = 'Queman ánforas electorales en el barrio Wqxyzt';
    const probe = probeKeys(claimKeys(claim), stats);
    expect(probe.keys).toEqual(claimKeys('Wqxyzt'));
    expect(probe.combinations.length).toBeGreaterThan(0);

    const match = (rareWordMatch: number) => findIncidentMatch(t.db, {
      urlNorms: [], claim, claimNorm: normalizeClaim(claim), language: 'es', since: new Date(Date.now() - 86_400_000), keyRows: stats,
      thresholds: { ...DEFAULT_DEDUP_THRESHOLDS, rareWordMatch },
    });
    // Any incident sharing the rare word closes the gate here: the unrelated one does, and is rejected.
    expect((await match(0.01))?.incidentId).toBe(rumour.id);
    expect((await match(0.7))?.incidentId).toBe(rumour.id);
    expect(unrelated.id).not.toBe(rumour.id);
  });
});
