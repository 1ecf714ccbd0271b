import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code.
//
// Dedup candidates by nearest neighbours instead of a similarity threshold. With many incidents
// told from one template (the same rumour about 10,000 polling stations), `claim_norm % $1` on the
// GIN index matched every sibling (~25,000 rows at 100,000 incidents, 600 ms a lookup): GIN must
// gather every row sharing enough trigrams before anything can be ranked. A GiST index answers
// `order by claim_norm <-> $1 limit k` by walking towards the nearest claims (~15-35 ms there).
//
// Numbers cut the rest: two claims stating different numbers are never one rumour, so a claim
// that states numbers only needs incidents sharing one of them (GIN on claim_numbers, a few rows)
// and incidents stating none. Two partial GiST indexes, one per side of that split, cover the table
// once between them. claim_numbers is written by triage; '{}' (also the default for rows written
// before this migration) keeps an incident in the trigram search, so a missing value costs speed,
// never a match.
//
// The GIN indexes triage probes for one key at a time (url_norms, claim_numbers) do without the
// pending list: under a steady stream of inserts it is never empty, and every probe read all of it
// (~240 buffers, 1.5 ms a lookup at 100,000 incidents, against 5 buffers and 0.1 ms without).
//
// Triage reads an incident's latest reports (to compare claims with): (incident_id, received_at)
// serves that with a bounded read and replaces the plain incident_id index it starts with.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table incidents add column claim_numbers text[] not null default '{}'`.execute(db);
  await sql`create index incidents_claim_numbers on incidents using gin (claim_numbers) with (fastupdate = off)`.execute(db);
  await sql`create index incidents_claim_knn_plain on incidents using gist (claim_norm gist_trgm_ops) where claim_numbers = '{}'`.execute(db);
  await sql`create index incidents_claim_knn_numbered on incidents using gist (claim_norm gist_trgm_ops) where claim_numbers <> '{}'`.execute(db);
  await sql`drop index if exists incidents_claim_trgm`.execute(db);
  await sql`alter index incidents_url_norms set (fastupdate = off)`.execute(db);
  await sql`create index reports_incident_received on reports (incident_id, received_at desc)`.execute(db);
  await sql`drop index if exists reports_incident`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter index incidents_url_norms reset (fastupdate)`.execute(db);
  await sql`create index if not exists reports_incident on reports (incident_id)`.execute(db);
  await sql`drop index if exists reports_incident_received`.execute(db);
  await sql`create index if not exists incidents_claim_trgm on incidents using gin (claim_norm gin_trgm_ops)`.execute(db);
  await sql`drop index if exists incidents_claim_knn_numbered`.execute(db);
  await sql`drop index if exists incidents_claim_knn_plain`.execute(db);
  await sql`drop index if exists incidents_claim_numbers`.execute(db);
  await sql`alter table incidents drop column claim_numbers`.execute(db);
}
