import {
  OPEN_INCIDENT_STATUSES, type IncidentDetail, type IncidentListQuery, type IncidentSummary, type LiveEvent,
} from '@sitroom/core';
import { sql } from 'kysely';
import type { DbOrTrx } from './connection.ts';
import type { IncidentRow, NewIncidentRow, IncidentRowUpdate } from './schema.ts';
import { listAuditForEntity } from './audit.queries.ts';
import { selectReportView, toReportView } from './report.queries.ts';

/**
 * The open incident a report joins: one sharing a normalised URL, else one with the same
 * normalised claim in the same language seen since `since`. Uses the GIN index on url_norms and
 * the (language, claim_norm) index; never scans all incidents.
 */
export async function findIncidentForReport(
  db: DbOrTrx,
  key: { urlNorms: string[]; claimNorm: string; language: string; since: Date },
): Promise<IncidentRow | undefined> {
  if (key.urlNorms.length > 0) {
    const byUrl = await db
      .selectFrom('incidents')
      .selectAll()
      .where('urlNorms', '&&', sql<string[]>`${key.urlNorms}::text[]`)
      .where('status', 'in', OPEN_INCIDENT_STATUSES)
      .orderBy('lastReportedAt', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (byUrl) return byUrl;
  }
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('language', '=', key.language)
    .where('claimNorm', '=', key.claimNorm)
    .where('lastReportedAt', '>=', key.since)
    .where('status', 'in', OPEN_INCIDENT_STATUSES)
    .orderBy('lastReportedAt', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertIncident(db: DbOrTrx, row: NewIncidentRow): Promise<IncidentRow> {
  return db.insertInto('incidents').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates an incident and bumps its version. */
export async function updateIncident(db: DbOrTrx, id: string, changes: IncidentRowUpdate): Promise<IncidentRow> {
  return db
    .updateTable('incidents')
    .set({ ...changes, updatedAt: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Report and distinct-organisation counts and the largest reach of an incident's reports. */
export async function incidentReportStats(db: DbOrTrx, incidentId: string) {
  const row = await db
    .selectFrom('reports')
    .select([
      db.fn.countAll<string>().as('reportCount'),
      sql<string>`count(distinct organisation_id)`.as('organisationCount'),
      sql<string | null>`max(reach)`.as('maxReach'),
    ])
    .where('incidentId', '=', incidentId)
    .executeTakeFirstOrThrow();
  return {
    reportCount: Number(row.reportCount),
    organisationCount: Number(row.organisationCount),
    maxReach: row.maxReach === null ? null : Number(row.maxReach),
  };
}

function selectIncidentSummary(db: DbOrTrx) {
  return db
    .selectFrom('incidents')
    .leftJoin('desks', 'desks.id', 'incidents.deskId')
    .select([
      'incidents.id', 'incidents.version', 'incidents.title', 'incidents.status', 'incidents.priority',
      'incidents.severity', 'incidents.category', 'incidents.region', 'incidents.language', 'incidents.platform',
      'incidents.deskId', 'desks.name as deskName', 'incidents.assigneeId', 'incidents.reportCount',
      'incidents.organisationCount', 'incidents.firstReportedAt', 'incidents.lastReportedAt', 'incidents.triagedAt',
      'incidents.updatedAt', 'incidents.acknowledgedAt', 'incidents.rebuttedAt', 'incidents.slaAckDueAt',
      'incidents.slaRebuttalDueAt', 'incidents.slaAckBreachedAt', 'incidents.slaRebuttalBreachedAt', 'incidents.escalationLevel',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectIncidentSummary>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toSummary(row: SummaryRow): IncidentSummary {
  const { slaAckDueAt, slaRebuttalDueAt, slaAckBreachedAt, slaRebuttalBreachedAt, escalationLevel, ...rest } = row;
  return {
    ...rest,
    firstReportedAt: row.firstReportedAt.toISOString(),
    lastReportedAt: row.lastReportedAt.toISOString(),
    triagedAt: iso(row.triagedAt),
    updatedAt: row.updatedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    rebuttedAt: iso(row.rebuttedAt),
    sla: {
      acknowledgeBy: iso(slaAckDueAt),
      rebuttalBy: iso(slaRebuttalDueAt),
      acknowledgeBreachedAt: iso(slaAckBreachedAt),
      rebuttalBreachedAt: iso(slaRebuttalBreachedAt),
      escalationLevel,
    },
  };
}

export async function findIncidentSummary(db: DbOrTrx, id: string): Promise<IncidentSummary | undefined> {
  const row = await selectIncidentSummary(db).where('incidents.id', '=', id).executeTakeFirst();
  return row && toSummary(row);
}

interface Cursor {
  p: number;
  s: number;
  t: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.p === 'number' && typeof c.s === 'number' && typeof c.t === 'string' && typeof c.id === 'string') return c;
  } catch {
    /* fall through */
  }
  return null;
}

/**
 * The queue: by priority, then severity, then most recent report (sort=priority), or newest first
 * (sort=newest). Keyset pagination on the same order.
 */
export async function listIncidents(db: DbOrTrx, query: IncidentListQuery, cursor: Cursor | null) {
  const pRank = sql<number>`substr(incidents.priority, 2)::int`;
  let q = selectIncidentSummary(db).select(pRank.as('pRank'));
  if (query.status) q = q.where('incidents.status', '=', query.status);
  if (query.open === 'true') q = q.where('incidents.status', 'in', OPEN_INCIDENT_STATUSES);
  if (query.open === 'false') q = q.where('incidents.status', 'not in', OPEN_INCIDENT_STATUSES);
  if (query.priority) q = q.where('incidents.priority', '=', query.priority);
  if (query.desk) q = q.where('incidents.deskId', '=', query.desk);
  if (query.category) q = q.where('incidents.category', '=', query.category);
  if (query.region) q = q.where('incidents.region', '=', query.region);
  if (query.language) q = q.where('incidents.language', '=', query.language);
  if (query.q) q = q.where('incidents.title', 'ilike', `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);

  if (query.sort === 'newest') {
    if (cursor) q = q.where(sql<boolean>`(incidents.last_reported_at, incidents.id) < (${new Date(cursor.t)}, ${cursor.id})`);
    q = q.orderBy('incidents.lastReportedAt', 'desc').orderBy('incidents.id', 'desc');
  } else {
    if (cursor) {
      q = q.where(
        sql<boolean>`(${pRank}, -incidents.severity, -extract(epoch from incidents.last_reported_at), incidents.id) > (${cursor.p}, ${-cursor.s}, ${-Date.parse(cursor.t) / 1000}, ${cursor.id})`,
      );
    }
    q = q.orderBy(pRank).orderBy('incidents.severity', 'desc').orderBy('incidents.lastReportedAt', 'desc').orderBy('incidents.id');
  }
  const rows = await q.limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ pRank: _p, ...row }) => toSummary(row)),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ p: last.pRank, s: last.severity, t: last.lastReportedAt.toISOString(), id: last.id })
        : null,
  };
}

export async function findIncidentDetail(db: DbOrTrx, id: string): Promise<IncidentDetail | undefined> {
  const summary = await findIncidentSummary(db, id);
  if (!summary) return undefined;
  const extra = await db.selectFrom('incidents').select(['scoreBreakdown', 'urlNorms', 'matchedTerms', 'routeReason']).where('id', '=', id).executeTakeFirstOrThrow();
  const reports = await selectReportView(db).where('reports.incidentId', '=', id).orderBy('reports.receivedAt').execute();
  const audit = await listAuditForEntity(db, 'incident', id);
  return {
    ...summary,
    scoreBreakdown: extra.scoreBreakdown,
    matchedTerms: extra.matchedTerms,
    routeReason: extra.routeReason,
    urls: extra.urlNorms,
    reports: reports.map(toReportView),
    timeline: audit.map((a) => ({
      at: a.at.toISOString(),
      action: a.action,
      actor: a.actorType === 'system' ? 'Sitroom triage' : `${a.actorType}:${a.actorId ?? ''}`,
      detail: describeAudit(a.action, a.after),
    })),
  };
}

function describeAudit(action: string, after: unknown): string | null {
  const a = (after ?? {}) as Record<string, unknown>;
  switch (action) {
    case 'incident.created':
      return `Created from a report, ${String(a.priority)} (severity ${String(a.severity)})`;
    case 'incident.report_added':
      return `Report added: ${String(a.reportCount)} reports from ${String(a.organisationCount)} organisations, ${String(a.priority)} (severity ${String(a.severity)})`;
    case 'incident.routed':
      return `Routed to ${String(a.deskName ?? 'a desk')}: ${String(a.reason ?? '')}`;
    case 'incident.acknowledged':
      return 'Acknowledged';
    case 'sla.breached':
      return `Missed the ${String(a.clock)} deadline (${String(a.dueAt)}); escalated to the desk's approvers`;
    case 'sla.escalated':
      return `Still unmet: escalated to the coalition lead`;
    case 'incident.reprioritised':
      return `Priority changed to ${String(a.priority)}; SLA clocks recomputed`;
    default:
      return null;
  }
}

/** Records a live event in the event log (for catch-up after reconnects) and returns it with its id. */
export async function recordIncidentEvent(
  db: DbOrTrx,
  event: Omit<LiveEvent, 'eventId' | 'at'>,
): Promise<LiveEvent> {
  const at = new Date();
  const payload = { type: event.type, incidentId: event.incidentId, version: event.version, incident: event.incident, reportId: event.reportId, at: at.toISOString() };
  const row = await db
    .insertInto('incidentEvents')
    .values({ incidentId: event.incidentId, type: event.type, version: event.version, reportId: event.reportId, payload: JSON.stringify(payload), createdAt: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...payload, eventId: Number(row.id) };
}

/** Events after `afterId`, oldest first: what a reconnecting dashboard missed. */
export async function listIncidentEventsAfter(db: DbOrTrx, afterId: number, limit: number): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('incidentEvents')
    .select(['id', 'payload'])
    .where('id', '>', String(afterId))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...(r.payload as Omit<LiveEvent, 'eventId'>), eventId: Number(r.id) }));
}

export async function latestIncidentEventId(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('incidentEvents').select(sql<string | null>`max(id)`.as('id')).executeTakeFirstOrThrow();
  return row.id === null ? 0 : Number(row.id);
}
