import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code.
//
// pg_trgm declares its `%` operator function (similarity_op) as cheap as an integer comparison, so
// with a few thousand incidents the planner prefers to compute trigram similarity against every
// row (a sequential scan, ~50 ms at 5,000 rows) over the GIN index incidents_claim_trgm (~5 ms).
// Costing it like the work it does lets the planner choose the index for dedup candidate lookups.
// Note: an extension function's cost is not kept by pg_dump; re-run this statement after a restore.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter function similarity_op(text, text) cost 100`.execute(db);
  await sql`alter function similarity(text, text) cost 100`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter function similarity_op(text, text) cost 1`.execute(db);
  await sql`alter function similarity(text, text) cost 1`.execute(db);
}
