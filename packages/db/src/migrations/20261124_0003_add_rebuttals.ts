import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code. Rebuttals, the narrative library, CSRF tokens of sessions
// and each user's interface language.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rebuttals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('incident_id', 'uuid', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('false','misleading','missing_context','true','unverifiable')`))
    .addColumn('channels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','approved','published')`))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('approved_by_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('approved_at', 'timestamptz')
    .addColumn('published_by_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    // Four eyes, enforced by the database as well as the API.
    .addCheckConstraint('rebuttals_four_eyes', sql`approved_by_id is null or approved_by_id <> author_id`)
    .execute();
  await sql`create index rebuttals_incident on rebuttals (incident_id, created_at)`.execute(db);
  await sql`create index rebuttals_published on rebuttals (published_at desc) where status = 'published'`.execute(db);

  await db.schema
    .createTable('narratives')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('prebunk','rebuttal')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('claim', 'text', (c) => c.notNull())
    .addColumn('claim_norm', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('rebuttal_id', 'uuid', (c) => c.references('rebuttals.id').onDelete('cascade'))
    .addColumn('created_by_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index narratives_claim_trgm on narratives using gin (claim_norm gin_trgm_ops)`.execute(db);

  await db.schema.alterTable('sessions').addColumn('csrf_token', 'text').execute();
  await db.schema.alterTable('users').addColumn('locale', 'text', (c) => c.notNull().defaultTo('en')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('locale').execute();
  await db.schema.alterTable('sessions').dropColumn('csrf_token').execute();
  await db.schema.dropTable('narratives').ifExists().execute();
  await db.schema.dropTable('rebuttals').ifExists().execute();
}
