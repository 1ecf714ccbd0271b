import { sql, type Kysely } from 'kysely';

// Frozen in time: imports no app code. Triage asks "has this organisation filed into this incident
// before?" on every join; without this index it walks the incident's reports.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index reports_incident_org on reports (incident_id, organisation_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reports_incident_org`.execute(db);
}
