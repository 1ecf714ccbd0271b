import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code. DISARM tactic and technique ids responders tag incidents
// with, each with the framework version it was read in.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident_disarm_tags')
    .addColumn('incident_id', 'uuid', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('disarm_id', 'text', (c) => c.notNull().check(sql`disarm_id ~ '^(TA[0-9]{2}|T[0-9]{4}(\\.[0-9]{3})?)$'`))
    .addColumn('framework_version', 'text', (c) => c.notNull())
    .addColumn('tagged_by_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('tagged_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('incident_disarm_tags_pkey', ['incident_id', 'disarm_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident_disarm_tags').ifExists().execute();
}
