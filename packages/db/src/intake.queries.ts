import { randomUUID } from 'node:crypto';
import type { ReportInputParsed, ReportView } from '@sitroom/core';
import { sql } from 'kysely';
import type { DbOrTrx } from './connection.ts';
import { insertReport, type ReportFiler } from './report.queries.ts';

export interface IntakeRow {
  filer: ReportFiler;
  input: ReportInputParsed;
}

export interface StoredReport {
  id: string;
  status: ReportView['status'];
  created: boolean;
}

/**
 * Stores many reports as `queued` in one INSERT (one round trip, one commit). Each row answers like
 * `insertReport`: a new report (`created: true`), or the one its organisation already filed with the
 * same `externalId` (also when two rows of this very batch share it). If the batch is refused, each
 * row is tried alone, so a row the database refuses fails alone and the others are stored.
 */
export async function insertReports(db: DbOrTrx, rows: IntakeRow[]): Promise<Array<StoredReport | Error>> {
  if (rows.length === 0) return [];
  if (rows.length === 1) return [await insertReport(db, rows[0]!.filer, rows[0]!.input).catch((err: unknown) => toError(err))];
  const now = new Date();
  const ids = rows.map(() => randomUUID());
  let inserted: Set<string>;
  try {
    const returned = await db
      .insertInto('reports')
      .values(rows.map(({ filer, input }, i) => ({
        id: ids[i]!,
        organisationId: filer.organisationId,
        apiKeyId: filer.apiKeyId,
        userId: filer.userId,
        externalId: input.externalId ?? null,
        claim: input.claim,
        urls: input.urls,
        platform: input.platform,
        language: input.language,
        region: input.region ?? null,
        category: input.category,
        observedAt: input.observedAt ?? now,
        reach: input.reach ?? null,
        evidence: input.evidence ?? null,
        tlp: input.tlp,
        receivedAt: now,
      })))
      .onConflict((oc) => oc.columns(['organisationId', 'externalId']).where('externalId', 'is not', null).doNothing())
      .returning('id')
      .execute();
    inserted = new Set(returned.map((r) => r.id));
  } catch {
    return Promise.all(rows.map(({ filer, input }) => insertReport(db, filer, input).catch((err: unknown) => toError(err))));
  }
  // Rows not inserted had an externalId their organisation had already used: answer with that report.
  const repeats = rows.filter((_, i) => !inserted.has(ids[i]!));
  const existing = new Map<string, { id: string; status: ReportView['status'] }>();
  if (repeats.length > 0) {
    const found = await db
      .selectFrom('reports')
      .select(['id', 'status', 'organisationId', 'externalId'])
      .where(sql<boolean>`(organisation_id, external_id) in (${sql.join(repeats.map((r) => sql`(${r.filer.organisationId}::uuid, ${r.input.externalId ?? ''})`))})`)
      .execute();
    for (const f of found) existing.set(`${f.organisationId}|${f.externalId}`, { id: f.id, status: f.status });
  }
  return rows.map((r, i) => {
    if (inserted.has(ids[i]!)) return { id: ids[i]!, status: 'queued' as const, created: true };
    const e = existing.get(`${r.filer.organisationId}|${r.input.externalId ?? ''}`);
    return e ? { ...e, created: false } : new Error(`report with externalId ${r.input.externalId ?? '(none)'} was neither stored nor found`);
  });
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
