import {
  claimNumbers, daysToPolling, matchLexicon, normalizeClaim, normalizeUrls, routeIncident, scoreIncident, slaDeadlines,
  type IncidentSummary, type LiveEvent, type SlaClock,
} from '@sitroom/core';
import {
  SYSTEM_ACTOR, appendAudits, findIncidentForReport, findIncidentSummary, incidentReportStats, insertIncident,
  lockReportForTriage, markReportTriaged, recordIncidentEvent, takeAdvisoryLocks, updateIncident,
  type Db, type IncidentRow, type ReportRow, type Trx,
} from '@sitroom/db';
import { sql } from 'kysely';
import { TriageConfigCache, type TriageConfig } from './triage-config.ts';

export class ReportNotFoundError extends Error {}

/** An SLA deadline to schedule as a delayed job once the transaction has committed. */
export interface SlaSchedule {
  incidentId: string;
  clock: SlaClock;
  dueAt: Date;
}

/** A desk webhook delivery to enqueue once the transaction has committed. */
export interface DeskNotice {
  deskId: string;
  incidentId: string;
  eventType: string;
  payload: Record<string, unknown>;
}

export interface TriageOutcome {
  reportId: string;
  incidentId: string;
  /** false when the report had been triaged before: a retried or duplicated job. */
  changed: boolean;
  events: LiveEvent[];
  sla: SlaSchedule[];
  notices: DeskNotice[];
}

export interface TriageOptions {
  dedupWindowDays: number;
  faultDelayMs?: number;
  config?: TriageConfigCache;
}

/** Advisory-lock keys for the dedup keys of a report, so two reports of one rumour never race into two incidents. */
function lockKeys(urlNorms: string[], claimNorm: string, language: string): string[] {
  return [...urlNorms.map((u) => `url:${u}`), `claim:${language}:${claimNorm}`].sort();
}

type AuditEvent = Parameters<typeof appendAudits>[1][number];

type HarmTerm = { term: string; kind: 'violence' | 'hate'; weight: number };

function mergeTerms(a: HarmTerm[], b: HarmTerm[]): HarmTerm[] {
  const byTerm = new Map<string, HarmTerm>();
  for (const t of [...a, ...b]) byTerm.set(t.term, t);
  return [...byTerm.values()];
}

/** Lexicon matches of a claim: terms of its language, and of its primary subtag (`es` for `es-BO`). */
function harmTermsOf(config: TriageConfig, language: string, claimNorm: string): HarmTerm[] {
  const primary = language.split('-')[0]!;
  const terms = [...(config.lexicon.get(language) ?? []), ...(primary !== language ? config.lexicon.get(primary) ?? [] : [])];
  return matchLexicon(claimNorm, terms).map(({ term, kind, weight }) => ({ term, kind, weight }));
}

/** Everything the score needs, for an incident that has (or will have) `stats` reports. */
async function scoreFor(
  trx: Trx,
  ctx: { config: TriageConfig; cache: TriageConfigCache; now: Date },
  incident: Pick<IncidentRow, 'category' | 'platform' | 'region'>,
  stats: { reportCount: number; organisationCount: number; maxReach: number | null; reportsLastHour: number },
  harmTerms: HarmTerm[],
  report: ReportRow,
) {
  const { config, now } = ctx;
  const election = config.election;
  return scoreIncident(
    {
      category: incident.category,
      platform: incident.platform,
      reach: stats.maxReach,
      reportCount: stats.reportCount,
      organisationCount: stats.organisationCount,
      reportsLastHour: stats.reportsLastHour,
      daysToPolling: election ? daysToPolling(now, election.pollingDay, election.timezone) : null,
      harmTerms,
      regionCode: incident.region,
      regionSensitivity: incident.region && election ? election.regionSensitivity[incident.region] ?? 0 : 0,
      trackRecord: await ctx.cache.trackRecord(trx, report.organisationId),
    },
    config.settings,
  );
}

/**
 * A new report on an incident closed, dismissed or rebutted within the dedup window reopens it:
 * back to `triaged`, with an `incident.reopened` audit event (its timeline says so).
 */
async function reopenIfClosed(trx: Trx, incident: IncidentRow, reportId: string, audits: AuditEvent[]): Promise<IncidentRow> {
  const closed: readonly IncidentRow['status'][] = ['closed', 'dismissed', 'rebutted'];
  if (!closed.includes(incident.status)) return incident;
  const reopened = await updateIncident(trx, incident.id, { status: 'triaged' });
  audits.push({
    actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incident.id, action: 'incident.reopened',
    before: { status: incident.status },
    after: { status: reopened.status, reopenedFrom: incident.status, reason: 'new_report', reportId },
  });
  return reopened;
}

/** The SLA deadlines of an incident that are still running: neither met, breached nor stopped. */
async function pendingDeadlines(trx: Trx, incidentId: string): Promise<SlaSchedule[]> {
  const i = await trx
    .selectFrom('incidents')
    .select(['status', 'slaAckDueAt', 'slaRebuttalDueAt', 'acknowledgedAt', 'rebuttedAt', 'slaAckBreachedAt', 'slaRebuttalBreachedAt'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (!i || i.status === 'dismissed' || i.status === 'closed') return [];
  const out: SlaSchedule[] = [];
  if (i.slaAckDueAt && !i.acknowledgedAt && !i.slaAckBreachedAt) out.push({ incidentId, clock: 'acknowledge', dueAt: i.slaAckDueAt });
  if (i.slaRebuttalDueAt && !i.rebuttedAt && !i.slaRebuttalBreachedAt) out.push({ incidentId, clock: 'rebuttal', dueAt: i.slaRebuttalDueAt });
  return out;
}

/**
 * Triage of one report, in one transaction: dedup against open incidents, score from explainable
 * factors, route by the ordered rules, set SLA deadlines, and write report + incident + audit +
 * event log. Idempotent: a report already triaged is left alone.
 */
export async function triageReport(db: Db, reportId: string, options: TriageOptions): Promise<TriageOutcome> {
  const cache = options.config ?? new TriageConfigCache();
  return db.transaction().execute(async (trx) => {
    // The commit need not wait for its WAL flush: until this transaction commits the report stays
    // `queued` in Postgres, and the worker's reconciler re-enqueues reports left queued, so a commit
    // lost to a crash of Postgres (the last few hundred milliseconds at most) is triaged again.
    // What follows a commit (live event, SLA and webhook jobs) may then have gone out for a triage
    // that was lost; the re-triage sends its own, and every consumer is keyed by ids.
    await sql`set local synchronous_commit = off`.execute(trx);
    const report = await lockReportForTriage(trx, reportId);
    if (!report) throw new ReportNotFoundError(`report ${reportId} does not exist`);
    if (report.status === 'triaged' && report.incidentId) {
      // A retried job: the triage committed, but what follows a commit (scheduling the SLA deadline
      // jobs) may not have happened. Scheduling again is a no-op for jobs that exist (same job ids).
      return { reportId, incidentId: report.incidentId, changed: false, events: [], sla: await pendingDeadlines(trx, report.incidentId), notices: [] };
    }

    if (options.faultDelayMs) await new Promise((resolve) => setTimeout(resolve, options.faultDelayMs));
    const urlNorms = normalizeUrls(report.urls);
    const claimNorm = normalizeClaim(report.claim);
    await takeAdvisoryLocks(trx, lockKeys(urlNorms, claimNorm, report.language));

    const now = new Date();
    const config = await cache.get(trx);
    const ctx = { config, cache, now };
    const since = new Date(now.getTime() - options.dedupWindowDays * 86_400_000);
    const existing = await findIncidentForReport(trx, { urlNorms, claim: report.claim, claimNorm, language: report.language, since });
    const reach = report.reach === null ? null : Number(report.reach);
    const reportTerms = harmTermsOf(config, report.language, claimNorm);
    const sla: SlaSchedule[] = [];
    const notices: DeskNotice[] = [];
    // Written in one insert just before the summary is read, in the order they happened.
    const audits: AuditEvent[] = [];

    let incidentId: string;
    let type: LiveEvent['type'];
    if (!existing) {
      const score = await scoreFor(trx, ctx, report, { reportCount: 1, organisationCount: 1, maxReach: reach, reportsLastHour: 1 }, reportTerms, report);
      const route = routeIncident(config.rules, { ...report, priority: score.priority }, config.defaultDesk?.id ?? null);
      const deadlines = slaDeadlines(now, score.priority, config.settings.sla);
      const created = await insertIncident(trx, {
        title: report.claim.slice(0, 500),
        tlp: report.tlp,
        titleOrganisationId: report.organisationId,
        claimNorm,
        claimNumbers: claimNumbers(report.claim),
        language: report.language,
        category: report.category,
        platform: report.platform,
        region: report.region,
        status: 'triaged',
        severity: score.severity,
        priority: score.priority,
        scoreBreakdown: JSON.stringify(score.breakdown),
        matchedTerms: JSON.stringify(reportTerms),
        deskId: route.deskId,
        routingRuleId: route.ruleId,
        routeReason: route.reason,
        electionId: config.election?.id ?? null,
        urlNorms,
        reportCount: 1,
        organisationCount: 1,
        maxReach: reach,
        firstReportedAt: report.receivedAt,
        lastReportedAt: report.receivedAt,
        triagedAt: now,
        slaAckDueAt: deadlines.acknowledgeBy,
        slaRebuttalDueAt: deadlines.rebuttalBy,
        createdAt: now,
        updatedAt: now,
      });
      incidentId = created.id;
      type = 'incident.created';
      await markReportTriaged(trx, reportId, incidentId, now);
      audits.push({
        actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.created', at: now,
        after: { status: created.status, priority: created.priority, severity: created.severity, reportId },
      });
      const deskName = config.rules.find((r) => r.id === route.ruleId)?.deskName ?? config.defaultDesk?.name ?? null;
      audits.push({
        actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.routed', at: now,
        after: { deskId: route.deskId, deskName, ruleId: route.ruleId, reason: route.reason, acknowledgeBy: deadlines.acknowledgeBy, rebuttalBy: deadlines.rebuttalBy },
      });
      sla.push({ incidentId, clock: 'acknowledge', dueAt: deadlines.acknowledgeBy }, { incidentId, clock: 'rebuttal', dueAt: deadlines.rebuttalBy });
      if (route.deskId) notices.push({ deskId: route.deskId, incidentId, eventType: 'incident.created', payload: {} });
    } else {
      incidentId = existing.id;
      type = 'incident.updated';
      await reopenIfClosed(trx, existing, reportId, audits);
      await markReportTriaged(trx, reportId, incidentId, now);
      const { reportsSince: reportsLastHour, ...stats } = await incidentReportStats(trx, incidentId, new Date(now.getTime() - 3_600_000));
      const terms = mergeTerms(existing.matchedTerms, reportTerms);
      const score = await scoreFor(trx, ctx, existing, { ...stats, reportsLastHour }, terms, report);
      const changes: Parameters<typeof updateIncident>[2] = {
        urlNorms: [...new Set([...existing.urlNorms, ...urlNorms])].sort(),
        reportCount: stats.reportCount,
        organisationCount: stats.organisationCount,
        maxReach: stats.maxReach,
        severity: score.severity,
        priority: score.priority,
        scoreBreakdown: JSON.stringify(score.breakdown),
        matchedTerms: JSON.stringify(terms),
        lastReportedAt: report.receivedAt > existing.lastReportedAt ? report.receivedAt : existing.lastReportedAt,
      };
      if (score.priority !== existing.priority && existing.triagedAt) {
        // Clocks are recomputed from the time of triage with the new priority; met or breached clocks stay as they are.
        const deadlines = slaDeadlines(existing.triagedAt, score.priority, config.settings.sla);
        if (!existing.acknowledgedAt && !existing.slaAckBreachedAt) {
          changes.slaAckDueAt = deadlines.acknowledgeBy;
          sla.push({ incidentId, clock: 'acknowledge', dueAt: deadlines.acknowledgeBy });
        }
        if (!existing.rebuttedAt && !existing.slaRebuttalBreachedAt) {
          changes.slaRebuttalDueAt = deadlines.rebuttalBy;
          sla.push({ incidentId, clock: 'rebuttal', dueAt: deadlines.rebuttalBy });
        }
        // Nobody has taken it yet: it may belong to another desk at its new priority.
        if (existing.status === 'triaged') {
          const route = routeIncident(config.rules, { ...existing, priority: score.priority }, config.defaultDesk?.id ?? null);
          if (route.deskId !== existing.deskId) {
            changes.deskId = route.deskId;
            changes.routingRuleId = route.ruleId;
            changes.routeReason = route.reason;
            if (route.deskId) notices.push({ deskId: route.deskId, incidentId, eventType: 'incident.created', payload: {} });
          }
        }
      }
      const updated = await updateIncident(trx, incidentId, changes);
      audits.push({
        actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.report_added', at: now,
        before: { reportCount: existing.reportCount, organisationCount: existing.organisationCount, priority: existing.priority, severity: existing.severity },
        after: { reportCount: updated.reportCount, organisationCount: updated.organisationCount, priority: updated.priority, severity: updated.severity, reportId },
      });
      if (updated.priority !== existing.priority) {
        audits.push({
          actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.reprioritised', at: now,
          before: { priority: existing.priority, acknowledgeBy: existing.slaAckDueAt, rebuttalBy: existing.slaRebuttalDueAt, deskId: existing.deskId },
          after: { priority: updated.priority, acknowledgeBy: updated.slaAckDueAt, rebuttalBy: updated.slaRebuttalDueAt, deskId: updated.deskId },
        });
      }
    }
    audits.push({
      actor: SYSTEM_ACTOR, entityType: 'report', entityId: reportId, action: 'report.triaged', at: now,
      before: { status: report.status }, after: { status: 'triaged', incidentId },
    });
    await appendAudits(trx, audits);

    const summary = (await findIncidentSummary(trx, incidentId))!;
    const event = await recordIncidentEvent(trx, { type, incidentId, version: summary.version, incident: summary, reportId });
    for (const n of notices) n.payload = { event: type, incident: summary };
    return { reportId, incidentId, changed: true, events: [event], sla, notices };
  });
}
