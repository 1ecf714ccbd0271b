import type { OwnReportView, ReportInputParsed, ReportView } from '@sitroom/core';
import { sql } from 'kysely';
import type { DbOrTrx } from './connection.ts';
import type { IncidentRow, ReportRow } from './schema.ts';

export interface ReportFiler {
  organisationId: string;
  apiKeyId: string | null;
  userId: string | null;
}

/**
 * Stores a report as `queued`. When the organisation already filed this `externalId`, nothing is
 * inserted and the existing report is returned with `created: false`.
 */
export async function insertReport(
  db: DbOrTrx,
  filer: ReportFiler,
  input: ReportInputParsed,
): Promise<{ id: string; status: ReportView['status']; created: boolean }> {
  const now = new Date();
  const inserted = await db
    .insertInto('reports')
    .values({
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
    })
    .onConflict((oc) => oc.columns(['organisationId', 'externalId']).where('externalId', 'is not', null).doNothing())
    .returning(['id', 'status'])
    .executeTakeFirst();
  if (inserted) return { ...inserted, created: true };
  const existing = await db
    .selectFrom('reports')
    .select(['id', 'status'])
    .where('organisationId', '=', filer.organisationId)
    .where('externalId', '=', input.externalId ?? '')
    .executeTakeFirstOrThrow();
  return { ...existing, created: false };
}

export function selectReportView(db: DbOrTrx) {
  return db
    .selectFrom('reports')
    .innerJoin('organisations', 'organisations.id', 'reports.organisationId')
    .select([
      'reports.id', 'reports.organisationId', 'organisations.name as organisationName', 'reports.externalId',
      'reports.claim', 'reports.urls', 'reports.platform', 'reports.language', 'reports.region', 'reports.category',
      'reports.observedAt', 'reports.reach', 'reports.evidence', 'reports.tlp', 'reports.status', 'reports.incidentId',
      'reports.receivedAt', 'reports.triagedAt',
    ]);
}

type ReportViewRow = Awaited<ReturnType<ReturnType<typeof selectReportView>['executeTakeFirstOrThrow']>>;

export function toReportView(row: ReportViewRow): ReportView {
  return {
    ...row,
    reach: row.reach === null ? null : Number(row.reach),
    observedAt: row.observedAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    triagedAt: row.triagedAt?.toISOString() ?? null,
    access: 'full',
  };
}

export async function findReportView(db: DbOrTrx, id: string): Promise<ReportView | undefined> {
  const row = await selectReportView(db).where('reports.id', '=', id).executeTakeFirst();
  return row && toReportView(row);
}

/**
 * Locks reports for triage, in id order (two batches sharing a report cannot wait for each other in
 * a cycle); a second worker on the same report waits, then sees it triaged. Ids not found are missing.
 */
export async function lockReportsForTriage(db: DbOrTrx, ids: string[]): Promise<ReportRow[]> {
  return (await sql<ReportRow>`select * from reports where id = any(${ids}::uuid[]) order by id for update`.execute(db)).rows;
}

/** What triage writes on a report it files into `incidentId`. */
export function triagedReportChanges(incidentId: string, at: Date) {
  return { status: 'triaged', incidentId, triagedAt: at, failure: null } as const;
}

/** Reports in the last hour are counted up to this many (velocity points top out at 6). */
export const RECENT_REPORTS_COUNT_CAP = 10_000;

/**
 * Files a report into an existing incident: locks the incident row and returns it as it was, with
 * its counts once the report is in (reports, distinct organisations, the largest reach, and reports
 * received since `since`), in one statement. The counts come from the locked incident row (so two
 * reports joining it at once each add one) plus this report; only "has this organisation filed
 * here before" and the recent reports are read from `reports`, through indexes. Recounting every
 * report of the incident made each join cost as much as the incident is big: a viral rumour with
 * thousands of reports slowed all of triage down. (An update is not visible to the rest of its own
 * statement, so the report is taken from its RETURNING.) Undefined when the incident does not exist.
 */
export async function markReportTriaged(db: DbOrTrx, id: string, incidentId: string, at: Date, since: Date) {
  const file = db.updateTable('reports').set(triagedReportChanges(incidentId, at)).where('id', '=', id).returning(['organisationId', 'reach', 'receivedAt']);
  type Row = IncidentRow & { withReportCount: string; withOrganisationCount: string; withMaxReach: string | null; reportsSince: string };
  const { rows: [row] } = await sql<Row>`
    with filed as (${file}),
    inc as (select * from incidents where id = ${incidentId} for update)
    select inc.*,
      inc.report_count + 1 as with_report_count,
      inc.organisation_count + (case when exists (
        select 1 from reports r where r.incident_id = ${incidentId} and r.organisation_id = filed.organisation_id and r.id <> ${id}
      ) then 0 else 1 end) as with_organisation_count,
      greatest(inc.max_reach, filed.reach) as with_max_reach, -- greatest ignores nulls
      (select count(*) from (
        select 1 from reports r where r.incident_id = ${incidentId} and r.received_at >= ${since} and r.id <> ${id} limit ${RECENT_REPORTS_COUNT_CAP - 1}
      ) as recent) + (case when filed.received_at >= ${since} then 1 else 0 end) as reports_since
    from inc, filed`.execute(db);
  if (!row) return undefined;
  const { withReportCount, withOrganisationCount, withMaxReach, reportsSince, ...incident } = row;
  return {
    incident: incident as IncidentRow,
    reportCount: Number(withReportCount),
    organisationCount: Number(withOrganisationCount),
    maxReach: withMaxReach === null ? null : Number(withMaxReach),
    reportsSince: Number(reportsSince),
  };
}

export async function markReportFailed(db: DbOrTrx, id: string, failure: string) {
  await db.updateTable('reports').set({ status: 'failed', failure: failure.slice(0, 2000) }).where('id', '=', id).where('status', '=', 'queued').execute();
}

/** Reports accepted but still queued after `olderThanMs`: what the reconciler re-enqueues. */
export async function listStaleQueuedReports(db: DbOrTrx, olderThanMs: number, limit: number) {
  return db
    .selectFrom('reports')
    .select(['id', 'receivedAt'])
    .where('status', '=', 'queued')
    .where('receivedAt', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('receivedAt')
    .limit(limit)
    .execute();
}

export async function listFailedReports(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('reports')
    .innerJoin('organisations', 'organisations.id', 'reports.organisationId')
    .select(['reports.id', 'organisations.name as organisationName', 'reports.claim', 'reports.failure', 'reports.receivedAt'])
    .where('reports.status', '=', 'failed')
    .orderBy('reports.receivedAt', 'desc')
    .limit(limit)
    .execute();
}

export async function countReportsByStatus(db: DbOrTrx) {
  const rows = await db.selectFrom('reports').select(['status', db.fn.countAll<string>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<ReportView['status'], number>>;
}

/** An organisation's own reports, newest first (keyset on received_at, id), with the answer once published. */
export async function listOrganisationReports(db: DbOrTrx, organisationId: string, limit: number, before: { at: Date; id: string } | null): Promise<OwnReportView[]> {
  let q = selectReportView(db)
    .leftJoin('incidents', 'incidents.id', 'reports.incidentId')
    .select(['incidents.status as incidentStatus'])
    .select((eb) => eb
      .selectFrom('rebuttals')
      .select(sql<unknown>`json_build_object('verdict', verdict, 'text', text, 'language', language, 'publishedAt', published_at)`.as('answer'))
      .whereRef('rebuttals.incidentId', '=', 'reports.incidentId')
      .where('rebuttals.status', '=', 'published')
      .orderBy('rebuttals.publishedAt', 'desc')
      .limit(1)
      .as('answer'))
    .where('reports.organisationId', '=', organisationId)
    .orderBy('reports.receivedAt', 'desc')
    .orderBy('reports.id', 'desc')
    .limit(limit);
  if (before) q = q.where(sql<boolean>`(reports.received_at, reports.id) < (${before.at}, ${before.id})`);
  const rows = await q.execute();
  return rows.map(({ incidentStatus, answer, ...row }) => {
    const a = answer as { verdict: string; text: string; language: string; publishedAt: string } | null;
    return {
      ...toReportView(row),
      incidentStatus: incidentStatus ?? null,
      answer: a ? { ...a, publishedAt: new Date(a.publishedAt).toISOString() } : null,
    };
  });
}
