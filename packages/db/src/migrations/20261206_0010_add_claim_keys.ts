import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code.
//
// Claim candidates by rare words instead of trigram nearest neighbours. pg_trgm's GiST index barely
// prunes claims in one language: an inner page's signature holds the trigrams of many claims, and
// those share most of their trigrams, so every probe read nearly the whole index (35 ms at 15,000
// incidents, 43 ms of Postgres CPU per report at 100,000). Triage now keeps each incident's search
// words (the stems of its claim's content words, computed by the application: `storedClaimKeys`) and
// looks candidates up on a GIN index by the rarest words of the report's claim, reading a few
// hundred rows at most however large the table grows; it ranks those by trigram distance as before.
//
// Which words are rare comes from the planner's statistics of the column (pg_stats'
// most_common_elems): a larger statistics target keeps the frequencies of more words, so more
// common words are known to be common.
//
// claim_keys is null until computed: the worker fills it in for incidents stored before this
// migration (`backfillClaimKeys`) before it triages anything. The GIN index does without a pending
// list, for the reasons given in 0006. The plain (number-less) trigram GiST index is no longer
// read, and every new incident paid for it; the numbered one still serves claims sharing a number.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table incidents add column claim_keys text[]`.execute(db);
  await sql`alter table incidents alter column claim_keys set statistics 1000`.execute(db);
  await sql`create index incidents_claim_keys on incidents using gin (claim_keys) with (fastupdate = off)`.execute(db);
  await sql`drop index if exists incidents_claim_knn_plain`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists incidents_claim_knn_plain on incidents using gist (claim_norm gist_trgm_ops) where claim_numbers = '{}'`.execute(db);
  await sql`drop index if exists incidents_claim_keys`.execute(db);
  await sql`alter table incidents drop column claim_keys`.execute(db);
}
