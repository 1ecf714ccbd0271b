import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/20261124_0001_create_core_tables.ts';
import * as m0002 from './migrations/20261124_0002_add_triage_rules.ts';
import * as m0003 from './migrations/20261124_0003_add_rebuttals.ts';
import * as m0004 from './migrations/20261124_0004_add_incident_tlp.ts';
import * as m0005 from './migrations/20261124_0005_raise_trgm_similarity_cost.ts';
import * as m0006 from './migrations/20261124_0006_add_claim_knn_indexes.ts';
import * as m0007 from './migrations/20261124_0007_add_referrals.ts';
import * as m0008 from './migrations/20261125_0008_add_report_incident_org_index.ts';
import * as m0009 from './migrations/20261125_0009_drop_claim_lookup_tune_incident_analyze.ts';
import * as m0010 from './migrations/20261206_0010_add_claim_keys.ts';
import * as m0011 from './migrations/20261207_0011_add_incident_disarm_tags.ts';

/** Every migration, in order. New files are added here as well as in migrations/. */
const MIGRATIONS: Record<string, Migration> = {
  '20261124_0001_create_core_tables': m0001,
  '20261124_0002_add_triage_rules': m0002,
  '20261124_0003_add_rebuttals': m0003,
  '20261124_0004_add_incident_tlp': m0004,
  '20261124_0005_raise_trgm_similarity_cost': m0005,
  '20261124_0006_add_claim_knn_indexes': m0006,
  '20261124_0007_add_referrals': m0007,
  '20261125_0008_add_report_incident_org_index': m0008,
  '20261125_0009_drop_claim_lookup_tune_incident_analyze': m0009,
  '20261206_0010_add_claim_keys': m0010,
  '20261207_0011_add_incident_disarm_tags': m0011,
};

async function withMigrator<T>(connectionString: string, fn: (migrator: Migrator) => Promise<T>): Promise<T> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
    return await fn(migrator);
  } finally {
    await db.destroy();
  }
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String((result.error as Error).message ?? result.error)}`);
  }
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

/** Applies every pending migration; returns one line per migration applied. */
export function migrateToLatest(connectionString: string): Promise<string[]> {
  return withMigrator(connectionString, async (m) => unwrap(await m.migrateToLatest()));
}

/** Reverts the newest migration. */
export function migrateDown(connectionString: string): Promise<string[]> {
  return withMigrator(connectionString, async (m) => unwrap(await m.migrateDown()));
}
