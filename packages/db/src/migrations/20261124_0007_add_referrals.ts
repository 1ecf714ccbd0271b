import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code. Referrals of incidents to outside bodies, and indexes for
// the response-time analytics.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referrals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('incident_id', 'uuid', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('body_kind', 'text', (c) => c.notNull())
    .addColumn('body_name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('pending').check(sql`outcome in ('pending','removed','labelled','reduced_reach','no_action')`))
    .addColumn('referred_by_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('referred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('outcome_at', 'timestamptz')
    .execute();
  await sql`create index referrals_incident on referrals (incident_id)`.execute(db);
  await sql`create index incidents_triaged_at on incidents (triaged_at)`.execute(db);
  await sql`create index reports_received_at on reports (received_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reports_received_at`.execute(db);
  await sql`drop index if exists incidents_triaged_at`.execute(db);
  await db.schema.dropTable('referrals').ifExists().execute();
}
