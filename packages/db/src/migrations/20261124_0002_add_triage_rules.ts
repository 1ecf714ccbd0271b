import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code. Election calendar settings, lexicon, routing rules,
// SLA clocks and desk webhooks.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('elections')
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index elections_one_active on elections (is_active) where is_active`.execute(db);

  // Bumped in the same transaction as any change to triage settings, lexicon or routing rules,
  // so workers reload them on their next triage without a restart.
  await db.schema
    .createTable('triage_config_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into triage_config_version (id, version) values (1, 1)`.execute(db);

  await db.schema
    .alterTable('regions')
    .addColumn('sensitivity', 'integer', (c) => c.notNull().defaultTo(0).check(sql`sensitivity between 0 and 3`))
    .execute();

  await db.schema
    .createTable('lexicon_terms')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('term_norm', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('violence','hate')`))
    .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight between 1 and 20`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index lexicon_terms_unique on lexicon_terms (language, term_norm)`.execute(db);

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('conditions', 'jsonb', (c) => c.notNull())
    .addColumn('desk_id', 'uuid', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index routing_rules_position on routing_rules (position)`.execute(db);

  await db.schema
    .alterTable('desks')
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('delivery_id', 'uuid', (c) => c.notNull())
    .addColumn('desk_id', 'uuid', (c) => c.notNull().references('desks.id').onDelete('cascade'))
    .addColumn('incident_id', 'uuid')
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index webhook_deliveries_desk on webhook_deliveries (desk_id, id desc)`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('incident_id', 'uuid', (c) => c.references('incidents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
  await sql`create index notifications_user on notifications (user_id, id desc)`.execute(db);

  await db.schema
    .alterTable('incidents')
    .addColumn('election_id', 'uuid', (c) => c.references('elections.id').onDelete('set null'))
    .addColumn('routing_rule_id', 'uuid', (c) => c.references('routing_rules.id').onDelete('set null'))
    .addColumn('route_reason', 'text')
    .addColumn('matched_terms', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('rebutted_at', 'timestamptz')
    .addColumn('sla_ack_due_at', 'timestamptz')
    .addColumn('sla_rebuttal_due_at', 'timestamptz')
    .addColumn('sla_ack_breached_at', 'timestamptz')
    .addColumn('sla_rebuttal_breached_at', 'timestamptz')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index incidents_desk on incidents (desk_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('incidents')
    .dropColumn('election_id').dropColumn('routing_rule_id').dropColumn('route_reason').dropColumn('matched_terms')
    .dropColumn('acknowledged_at').dropColumn('rebutted_at').dropColumn('sla_ack_due_at').dropColumn('sla_rebuttal_due_at')
    .dropColumn('sla_ack_breached_at').dropColumn('sla_rebuttal_breached_at').dropColumn('escalation_level')
    .execute();
  await db.schema.dropTable('triage_config_version').ifExists().execute();
  await db.schema.dropTable('notifications').ifExists().execute();
  await db.schema.dropTable('webhook_deliveries').ifExists().execute();
  await db.schema.alterTable('desks').dropColumn('webhook_url').dropColumn('webhook_secret').execute();
  await db.schema.dropTable('routing_rules').ifExists().execute();
  await db.schema.dropTable('lexicon_terms').ifExists().execute();
  await db.schema.alterTable('regions').dropColumn('sensitivity').execute();
  await sql`drop index if exists elections_one_active`.execute(db);
  await db.schema.alterTable('elections').dropColumn('is_active').dropColumn('languages').dropColumn('settings').dropColumn('updated_at').execute();
}
