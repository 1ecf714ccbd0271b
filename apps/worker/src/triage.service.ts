import {
  claimLockKeys, daysToPolling, matchLexicon, normalizeClaim, normalizeUrls, routeIncident, scoreIncident, slaDeadlines,
  type KeyRows, type LiveEvent, type SlaClock,
} from '@sitroom/core';
import {
  SYSTEM_ACTOR, findIncidentForReport, incidentClaimColumns, incidentSummaryOf, insertIncidentForReport, lockReportsForTriage, markReportTriaged,
  recordIncidentEvents, takeAdvisoryLocksReadingConfigVersion, transactionWithAsyncCommit, tryAdvisoryLocks, updateIncident, updateIncidentWithDesk,
  type AuditInput, type Db, type DbOrTrx, type IncidentRow, type ReportRow,
} from '@sitroom/db';
import { TriageConfigCache, type TriageConfig } from './triage-config.ts';
import { incidentIdForReport } from './incident-id.ts';

export class ReportNotFoundError extends Error {}

/**
 * A report of a batch put off to a later one: another transaction holds one of its locks (it is
 * triaging a report that may be the same rumour). Triage it again at the head of the next batch,
 * where it waits for the lock instead (see `triageBatch`).
 */
export class TriageDeferred extends Error {
  constructor(readonly reportId: string) {
    super(`report ${reportId} put off: a report that may be the same rumour is being triaged`);
  }
}

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
  /** The search words (`claim_keys`) of the incident this report created, if it created one. */
  newIncidentKeys?: string[];
}

/** A report to triage, with the id of the intake request that filed it when known. */
export interface TriageItem {
  reportId: string;
  requestId?: string;
}

export interface TriageOptions {
  dedupWindowDays: number;
  /** How common each claim search word is (`ClaimKeyStats`); without it every word of a claim is looked up. */
  keyRows?: KeyRows;
  faultDelayMs?: number;
  config?: TriageConfigCache;
  /** Called when a batch's transaction fails and its reports are triaged again one by one. */
  onBatchFailure?: (err: unknown, size: number) => void;
}

/**
 * Advisory-lock keys of a report, so two reports of one rumour never race into two incidents: its
 * dedup keys (each link, the exact claim) and its claim's `claimLockKeys`, which
 * `findIncidentMatch` expects to be held when it searches for a claim match.
 */
function lockKeys(urlNorms: string[], claimNorm: string, claim: string, language: string, keyRows: KeyRows | undefined): string[] {
  return [...urlNorms.map((u) => `url:${u}`), `claim:${language}:${claimNorm}`, ...claimLockKeys(claim, language, keyRows)];
}

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
  trx: DbOrTrx,
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
async function reopenIfClosed(trx: DbOrTrx, incident: IncidentRow, reportId: string, audits: AuditInput[]): Promise<IncidentRow> {
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
async function pendingDeadlines(trx: DbOrTrx, incidentId: string): Promise<SlaSchedule[]> {
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

interface TriageContext {
  trx: DbOrTrx;
  config: TriageConfig;
  cache: TriageConfigCache;
  dedupWindowDays: number;
  keyRows: KeyRows | undefined;
}

/** One report's triage, written but for its audit events and live event, which its batch writes together. */
interface TriageDraft {
  outcome: Omit<TriageOutcome, 'events'>;
  event: Omit<LiveEvent, 'eventId' | 'at'>;
  audits: AuditInput[];
}

/**
 * Dedup against open incidents, score from explainable factors, route by the ordered rules, set
 * SLA deadlines, and write report + incident. Runs in the batch's transaction, holding the report's
 * row lock and advisory locks.
 */
async function triageLocked(ctx: TriageContext, report: ReportRow, urlNorms: string[], claimNorm: string, requestId: string | undefined): Promise<TriageDraft> {
  const { trx, config } = ctx;
  const reportId = report.id;
  const now = new Date();
  const scoreCtx = { config, cache: ctx.cache, now };
  const since = new Date(now.getTime() - ctx.dedupWindowDays * 86_400_000);
  const existingId = await findIncidentForReport(trx, { urlNorms, claim: report.claim, claimNorm, language: report.language, since, ...(ctx.keyRows ? { keyRows: ctx.keyRows } : {}) });
  // Files the report into it, locking it (incidents are never deleted, so it is still there).
  const filed = existingId ? await markReportTriaged(trx, reportId, existingId, now, new Date(now.getTime() - 3_600_000)) : undefined;
  if (existingId && !filed) throw new Error(`incident ${existingId} or report ${reportId} vanished during triage`);
  const existing = filed?.incident;
  const reach = report.reach === null ? null : Number(report.reach);
  const reportTerms = harmTermsOf(config, report.language, claimNorm);
  const sla: SlaSchedule[] = [];
  const notices: DeskNotice[] = [];
  // Written in one insert with the batch's live events, in the order they happened.
  const audits: AuditInput[] = [];

  let incident: Parameters<typeof incidentSummaryOf>[0];
  let type: LiveEvent['type'];
  let newIncidentKeys: string[] | undefined;
  if (!filed || !existing) {
    const claimColumns = incidentClaimColumns(report.claim);
    newIncidentKeys = claimColumns.claimKeys ?? [];
    const score = await scoreFor(trx, scoreCtx, report, { reportCount: 1, organisationCount: 1, maxReach: reach, reportsLastHour: 1 }, reportTerms, report);
    const route = routeIncident(config.rules, { ...report, priority: score.priority }, config.defaultDesk?.id ?? null);
    const deadlines = slaDeadlines(now, score.priority, config.settings.sla);
    incident = await insertIncidentForReport(trx, {
      // The same id if this triage is lost to a crash and runs again (see incidentIdForReport).
      id: incidentIdForReport(reportId),
      ...claimColumns,
      tlp: report.tlp,
      titleOrganisationId: report.organisationId,
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
    }, { id: reportId, at: now });
    const incidentId = incident.id;
    type = 'incident.created';
    audits.push({
      actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.created', at: now,
      after: { status: incident.status, priority: incident.priority, severity: incident.severity, reportId },
    });
    const deskName = config.rules.find((r) => r.id === route.ruleId)?.deskName ?? config.defaultDesk?.name ?? null;
    audits.push({
      actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incidentId, action: 'incident.routed', at: now,
      after: { deskId: route.deskId, deskName, ruleId: route.ruleId, reason: route.reason, acknowledgeBy: deadlines.acknowledgeBy, rebuttalBy: deadlines.rebuttalBy },
    });
    sla.push({ incidentId, clock: 'acknowledge', dueAt: deadlines.acknowledgeBy }, { incidentId, clock: 'rebuttal', dueAt: deadlines.rebuttalBy });
    if (route.deskId) notices.push({ deskId: route.deskId, incidentId, eventType: 'incident.created', payload: {} });
  } else {
    const incidentId = existing.id;
    type = 'incident.updated';
    await reopenIfClosed(trx, existing, reportId, audits);
    const { reportsSince: reportsLastHour, reportCount, organisationCount, maxReach } = filed;
    const stats = { reportCount, organisationCount, maxReach };
    const terms = mergeTerms(existing.matchedTerms, reportTerms);
    const score = await scoreFor(trx, scoreCtx, existing, { ...stats, reportsLastHour }, terms, report);
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
    const updated = await updateIncidentWithDesk(trx, incidentId, changes);
    incident = updated;
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
    before: { status: report.status }, after: { status: 'triaged', incidentId: incident.id },
  });
  const summary = incidentSummaryOf(incident);
  for (const n of notices) n.payload = { event: type, incident: summary };
  return {
    // A notice goes to the incident's (new) desk; one without a webhook would skip the delivery anyway.
    outcome: { reportId, incidentId: incident.id, changed: true, sla, notices: incident.deskHasWebhook ? notices : [], ...(newIncidentKeys ? { newIncidentKeys } : {}) },
    event: { type, incidentId: incident.id, version: summary.version, incident: summary, reportId, ...(requestId ? { requestId } : {}) },
    audits,
  };
}

/**
 * Triage of a batch of reports, in order, in one transaction: each report is locked, deduplicated
 * against the incidents as the reports before it left them, scored, routed and written; then the
 * batch's audit events and live events are written together. Idempotent: a report already triaged
 * is left alone. A report that does not exist answers a ReportNotFoundError; anything else failing
 * rolls the whole batch back.
 */
async function triageBatch(db: Db, items: TriageItem[], options: TriageOptions & { config: TriageConfigCache }): Promise<Array<TriageOutcome | Error>> {
  // The commit need not wait for its WAL flush: until this transaction commits the reports stay
  // `queued` in Postgres, and the worker's reconciler re-enqueues reports left queued (replacing a
  // completed job), so a commit lost to a crash of Postgres (the last few hundred milliseconds at
  // most) is triaged again. What follows a commit (live event, SLA and webhook jobs) may then have
  // gone out for a triage that was lost; the re-triage sends its own. A report that started an
  // incident starts it again under the same id (`incidentIdForReport`), so what went out names an
  // incident that exists. What stays stale on open dashboards until they reload: a report whose
  // second triage decides otherwise (it now joins another incident), and counts of an incident whose
  // lost version was higher than its new one (a dashboard keeps the higher version it holds).
  return transactionWithAsyncCommit(db, async (trx) => {
    const reports = new Map((await lockReportsForTriage(trx, items.map((i) => i.reportId))).map((r) => [r.id, r]));
    const pending = new Map<string, { report: ReportRow; urlNorms: string[]; claimNorm: string }>();
    for (const { reportId } of items) {
      const report = reports.get(reportId);
      if (report && !(report.status === 'triaged' && report.incidentId)) {
        pending.set(reportId, { report, urlNorms: normalizeUrls(report.urls), claimNorm: normalizeClaim(report.claim) });
      }
    }
    if (options.faultDelayMs && pending.size > 0) await new Promise((resolve) => setTimeout(resolve, options.faultDelayMs));
    // Advisory locks: the batch waits only for its first report's (sorted, in one statement), and
    // tries the others' without waiting; a report with a lock held elsewhere is put off to the next
    // batch, at its head. Two batches of unrelated rumours may share a lock key (a rare word, a
    // number: see `claimLockKeys`), and waiting for every key at once made batches take turns. Only a
    // transaction's first statement waits, while it holds no advisory lock, so no cycle can form,
    // and each batch triages at least its first report.
    const keysOf = new Map([...pending].map(([id, p]) => [id, lockKeys(p.urlNorms, p.claimNorm, p.report.claim, p.report.language, options.keyRows)]));
    const [firstKeys = [], ...otherKeys] = [...keysOf.values()];
    const ctx: TriageContext | null = pending.size > 0
      ? { trx, config: await options.config.get(trx, await takeAdvisoryLocksReadingConfigVersion(trx, firstKeys)), cache: options.config, dedupWindowDays: options.dedupWindowDays, keyRows: options.keyRows }
      : null;
    const held = new Set(firstKeys);
    const busy = await tryAdvisoryLocks(trx, otherKeys.flat().filter((k) => !held.has(k)));
    for (const [id, keys] of keysOf) {
      if (keys.some((k) => busy.has(k))) pending.delete(id);
    }

    const results: Array<TriageOutcome | Error> = [];
    const drafts: { index: number; draft: TriageDraft }[] = [];
    for (const item of items) {
      const report = reports.get(item.reportId);
      const p = pending.get(item.reportId);
      if (!report) {
        results.push(new ReportNotFoundError(`report ${item.reportId} does not exist`));
      } else if (!p && keysOf.has(report.id)) {
        results.push(new TriageDeferred(report.id));
      } else if (!p || !ctx) {
        // A retried job: the triage committed, but what follows a commit (scheduling the SLA deadline
        // jobs) may not have happened. Scheduling again is a no-op for jobs that exist (same job ids).
        const incidentId = report.incidentId!;
        results.push({ reportId: report.id, incidentId, changed: false, events: [], sla: await pendingDeadlines(trx, incidentId), notices: [] });
      } else {
        const draft = await triageLocked(ctx, p.report, p.urlNorms, p.claimNorm, item.requestId);
        drafts.push({ index: results.length, draft });
        results.push({ ...draft.outcome, events: [] });
      }
    }
    const events = await recordIncidentEvents(trx, drafts.map((d) => d.draft.event), drafts.flatMap((d) => d.draft.audits));
    drafts.forEach(({ index }, i) => ((results[index] as TriageOutcome).events = [events[i]!]));
    return results;
  });
}

/**
 * Triages reports in order: together in one transaction (see `triageBatch`), and when that fails,
 * each alone, so that one bad report cannot fail the others. One answer per item, in order: its
 * outcome, or the error that failed it.
 */
export async function triageReports(db: Db, items: TriageItem[], options: TriageOptions): Promise<Array<TriageOutcome | Error>> {
  const opts = { ...options, config: options.config ?? new TriageConfigCache() };
  // A report twice in one batch (a job run again while its first run is still going) goes alone, in turn.
  if (items.length > 1 && new Set(items.map((i) => i.reportId)).size === items.length) {
    try {
      return await triageBatch(db, items, opts);
    } catch (err) {
      options.onBatchFailure?.(err, items.length);
    }
  }
  const results: Array<TriageOutcome | Error> = [];
  for (const item of items) {
    try {
      results.push((await triageBatch(db, [item], opts))[0]!);
    } catch (err) {
      results.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return results;
}

/** Triage of one report, in its own transaction (see `triageBatch`). */
export async function triageReport(db: Db, reportId: string, options: TriageOptions & { requestId?: string }): Promise<TriageOutcome> {
  const [result] = await triageReports(db, [{ reportId, ...(options.requestId ? { requestId: options.requestId } : {}) }], options);
  if (result instanceof Error) throw result;
  return result!;
}
