import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code.
//
// incidents_claim_lookup (language, claim_norm, last_reported_at) served an exact-claim lookup that
// triage no longer makes. It did harm: while the table's statistics lagged behind its growth (a fresh
// system taking its first thousands of incidents within a minute), the planner answered the claim
// candidates' nearest-neighbour search with a bitmap scan of it by language, then computed the
// trigram distance to every incident and sorted them: 80 ms per report at 2,000 incidents, growing
// with the table, instead of a few milliseconds on the KNN indexes.
//
// Incidents are analysed more often than the default (every 10% + 50 rows changed): the claim
// search's plan depends on knowing the table's size.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists incidents_claim_lookup`.execute(db);
  await sql`alter table incidents set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 200)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table incidents reset (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`.execute(db);
  await sql`create index incidents_claim_lookup on incidents (language, claim_norm, last_reported_at desc)`.execute(db);
}
