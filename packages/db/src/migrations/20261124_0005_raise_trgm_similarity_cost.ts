import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code.
//
// pg_trgm declares its `%` operator function (similarity_op) as cheap as an integer comparison, so
// with a few thousand incidents the planner prefers to compute trigram similarity against every
// row (a sequential scan, ~50 ms at 5,000 rows) over the GIN index incidents_claim_trgm (~5 ms).
// Costing it like the work it does lets the planner choose the index for dedup candidate lookups.
// Note: an extension function's cost is not kept by pg_dump; re-run this statement after a restore.
//
// Only the extension's owner may change it. On a managed Postgres an administrator often creates
// pg_trgm and the app's role does not own it: then the costs stay as they are, with a notice. The
// claim search no longer uses `%` (see migration 0010); only the narratives' small table does.
const setCost = (cost: number) => sql`
  do $$
  begin
    alter function similarity_op(text, text) cost ${sql.raw(String(cost))};
    alter function similarity(text, text) cost ${sql.raw(String(cost))};
  exception when insufficient_privilege then
    raise notice 'sitroom: pg_trgm''s similarity functions keep their cost: this role does not own the extension';
  end
  $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await setCost(100).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await setCost(1).execute(db);
}
