import { sql } from 'kysely';
import {
  RoutingConditions, readTriageSettings, type LexiconTerm, type RoutingRule, type TriageSettings,
} from '@sitroom/core';
import type { DbOrTrx } from './connection.ts';

/** Marks triage configuration as changed; call in the transaction that changes it. */
export async function bumpTriageConfigVersion(db: DbOrTrx): Promise<void> {
  await db.updateTable('triageConfigVersion').set({ version: sql`version + 1` }).where('id', '=', 1).execute();
}

export async function triageConfigVersion(db: DbOrTrx): Promise<string> {
  const row = await db.selectFrom('triageConfigVersion').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.version;
}

export interface ActiveElection {
  id: string;
  name: string;
  pollingDay: string;
  timezone: string;
  languages: string[];
  settings: TriageSettings;
  regionSensitivity: Record<string, number>;
}

/** The election triage scores against (at most one is active), with its settings and region map. */
export async function findActiveElection(db: DbOrTrx): Promise<ActiveElection | undefined> {
  const election = await db
    .selectFrom('elections')
    .select(['id', 'name', 'pollingDay', 'timezone', 'languages', 'settings'])
    .where('isActive', '=', true)
    .executeTakeFirst();
  if (!election) return undefined;
  const regions = await db.selectFrom('regions').select(['code', 'sensitivity']).where('electionId', '=', election.id).execute();
  return {
    ...election,
    settings: readTriageSettings(election.settings),
    regionSensitivity: Object.fromEntries(regions.map((r) => [r.code, r.sensitivity])),
  };
}

export async function listElections(db: DbOrTrx) {
  const rows = await db
    .selectFrom('elections')
    .select(['id', 'name', 'pollingDay', 'timezone', 'languages', 'isActive', 'settings', 'createdAt', 'updatedAt'])
    .orderBy('pollingDay', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, settings: readTriageSettings(r.settings) }));
}

export async function listRegions(db: DbOrTrx, electionId: string) {
  return db.selectFrom('regions').select(['code', 'name', 'sensitivity']).where('electionId', '=', electionId).orderBy('code').execute();
}

export async function listLexicon(db: DbOrTrx, options: { enabledOnly?: boolean } = {}) {
  let q = db.selectFrom('lexiconTerms').select(['id', 'language', 'term', 'termNorm', 'kind', 'weight', 'enabled', 'updatedAt']).orderBy('language').orderBy('termNorm');
  if (options.enabledOnly) q = q.where('enabled', '=', true);
  return q.execute();
}

/** Enabled lexicon terms grouped by language, as triage matches them. */
export async function lexiconByLanguage(db: DbOrTrx): Promise<Map<string, LexiconTerm[]>> {
  const rows = await listLexicon(db, { enabledOnly: true });
  const map = new Map<string, LexiconTerm[]>();
  for (const r of rows) {
    const list = map.get(r.language) ?? [];
    list.push({ term: r.term, termNorm: r.termNorm, kind: r.kind, weight: r.weight });
    map.set(r.language, list);
  }
  return map;
}

export async function listRoutingRules(db: DbOrTrx): Promise<(RoutingRule & { deskName: string })[]> {
  const rows = await db
    .selectFrom('routingRules')
    .innerJoin('desks', 'desks.id', 'routingRules.deskId')
    .select(['routingRules.id', 'routingRules.name', 'routingRules.position', 'routingRules.enabled', 'routingRules.conditions', 'routingRules.deskId', 'desks.name as deskName'])
    .orderBy('routingRules.position')
    .orderBy('routingRules.createdAt')
    .execute();
  return rows.map((r) => ({ ...r, conditions: RoutingConditions.parse(r.conditions) }));
}

/** Of an organisation's past reports whose incidents were resolved: how many ended rebutted, how many dismissed. */
export async function organisationTrackRecord(db: DbOrTrx, organisationId: string): Promise<{ rebutted: number; dismissed: number }> {
  const row = await db
    .selectFrom('reports')
    .innerJoin('incidents', 'incidents.id', 'reports.incidentId')
    .select([
      sql<string>`count(*) filter (where incidents.rebutted_at is not null)`.as('rebutted'),
      sql<string>`count(*) filter (where incidents.status = 'dismissed')`.as('dismissed'),
    ])
    .where('reports.organisationId', '=', organisationId)
    .executeTakeFirstOrThrow();
  return { rebutted: Number(row.rebutted), dismissed: Number(row.dismissed) };
}
