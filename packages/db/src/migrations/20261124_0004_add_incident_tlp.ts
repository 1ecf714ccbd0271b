import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code. An incident's title comes from its first report and
// shares that report's TLP; who filed it decides who may read a TLP:RED title.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('incidents')
    .addColumn('tlp', 'text', (c) => c.notNull().defaultTo('amber').check(sql`tlp in ('clear','green','amber','red')`))
    .addColumn('title_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('incidents').dropColumn('tlp').dropColumn('title_organisation_id').execute();
}
