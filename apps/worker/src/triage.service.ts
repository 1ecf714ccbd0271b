import { sql } from 'kysely';
import {
  normalizeClaim, normalizeUrls, scoreIncident, type IncidentSummary, type LiveEvent,
} from '@sitroom/core';
import {
  SYSTEM_ACTOR, appendAudit, findIncidentForReport, findIncidentSummary, getDefaultDesk, incidentReportStats,
  insertIncident, lockReportForTriage, markReportTriaged, recordIncidentEvent, updateIncident, type Db, type Trx,
} from '@sitroom/db';

export class ReportNotFoundError extends Error {}

export interface TriageOutcome {
  reportId: string;
  incidentId: string;
  /** false when the report had been triaged before: a retried or duplicated job. */
  changed: boolean;
  events: LiveEvent[];
}

/** Advisory-lock keys for the dedup keys of a report, so two reports of one rumour never race into two incidents. */
function lockKeys(urlNorms: string[], claimNorm: string, language: string): string[] {
  return [...urlNorms.map((u) => `url:${u}`), `claim:${language}:${claimNorm}`].sort();
}

async function lockDedupKeys(trx: Trx, keys: string[]) {
  for (const key of keys) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/**
 * Triage of one report, in one transaction: dedup against open incidents (same normalised URL,
 * or same normalised claim and language within the window), score, route to the default desk,
 * write report + incident + audit + event log. Idempotent: a report already triaged is left alone.
 */
export async function triageReport(db: Db, reportId: string, options: { dedupWindowDays: number; faultDelayMs?: number }): Promise<TriageOutcome> {
  return db.transaction().execute(async (trx) => {
    const report = await lockReportForTriage(trx, reportId);
    if (!report) throw new ReportNotFoundError(`report ${reportId} does not exist`);
    if (report.status === 'triaged' && report.incidentId) {
      return { reportId, incidentId: report.incidentId, changed: false, events: [] };
    }

    if (options.faultDelayMs) await new Promise((resolve) => setTimeout(resolve, options.faultDelayMs));
    const urlNorms = normalizeUrls(report.urls);
    const claimNorm = normalizeClaim(report.claim);
    await lockDedupKeys(trx, lockKeys(urlNorms, claimNorm, report.language));

    const now = new Date();
    const since = new Date(now.getTime() - options.dedupWindowDays * 86_400_000);
    const existing = await findIncidentForReport(trx, { urlNorms, claimNorm, language: report.language, since });
    const reach = report.reach === null ? null : Number(report.reach);

    let incidentId: string;
    let type: LiveEvent['type'];
    if (!existing) {
      const desk = await getDefaultDesk(trx);
      const score = scoreIncident({ category: report.category, platform: report.platform, reach, reportCount: 1, organisationCount: 1 });
      const created = await insertIncident(trx, {
        title: report.claim.slice(0, 500),
        claimNorm,
        language: report.language,
        category: report.category,
        platform: report.platform,
        region: report.region,
        status: 'triaged',
        severity: score.severity,
        priority: score.priority,
        scoreBreakdown: JSON.stringify(score.breakdown),
        deskId: desk?.id ?? null,
        urlNorms,
        reportCount: 1,
        organisationCount: 1,
        maxReach: reach,
        firstReportedAt: report.receivedAt,
        lastReportedAt: report.receivedAt,
        triagedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      incidentId = created.id;
      type = 'incident.created';
      await markReportTriaged(trx, reportId, incidentId, now);
      await appendAudit(trx, {
        actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.created', at: now,
        after: { status: created.status, priority: created.priority, severity: created.severity, deskId: created.deskId, reportId },
      });
    } else {
      incidentId = existing.id;
      type = 'incident.updated';
      await markReportTriaged(trx, reportId, incidentId, now);
      const stats = await incidentReportStats(trx, incidentId);
      const score = scoreIncident({
        category: existing.category, platform: existing.platform, reach: stats.maxReach,
        reportCount: stats.reportCount, organisationCount: stats.organisationCount,
      });
      const updated = await updateIncident(trx, incidentId, {
        urlNorms: [...new Set([...existing.urlNorms, ...urlNorms])].sort(),
        reportCount: stats.reportCount,
        organisationCount: stats.organisationCount,
        maxReach: stats.maxReach,
        severity: score.severity,
        priority: score.priority,
        scoreBreakdown: JSON.stringify(score.breakdown),
        lastReportedAt: report.receivedAt > existing.lastReportedAt ? report.receivedAt : existing.lastReportedAt,
      });
      await appendAudit(trx, {
        actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.report_added', at: now,
        before: { reportCount: existing.reportCount, organisationCount: existing.organisationCount, priority: existing.priority, severity: existing.severity },
        after: { reportCount: updated.reportCount, organisationCount: updated.organisationCount, priority: updated.priority, severity: updated.severity, reportId },
      });
    }
    await appendAudit(trx, {
      actor: SYSTEM_ACTOR, entityType: 'report', entityId: reportId, action: 'report.triaged', at: now,
      before: { status: report.status }, after: { status: 'triaged', incidentId },
    });

    const summary = (await findIncidentSummary(trx, incidentId)) as IncidentSummary;
    const event = await recordIncidentEvent(trx, { type, incidentId, version: summary.version, incident: summary, reportId });
    return { reportId, incidentId, changed: true, events: [event] };
  });
}
