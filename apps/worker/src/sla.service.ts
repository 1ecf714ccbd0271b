import type { IncidentSummary, LiveEvent, SlaClock } from '@sitroom/core';
import { SYSTEM_ACTOR, appendAudit, findIncidentSummary, recordIncidentEvent, type Db, type Trx } from '@sitroom/db';
import { sql } from 'kysely';
import type { DeskNotice } from './triage.service.ts';

export interface SlaOutcome {
  fired: boolean;
  reason: string;
  events: LiveEvent[];
  notices: DeskNotice[];
  /** When set, schedule an escalation check this many ms from now. */
  escalateInMs: number | null;
}

const STOPPED_STATUSES = ['dismissed', 'closed'];

async function notify(trx: Trx, userIds: string[], incidentId: string, kind: string, message: string) {
  if (userIds.length === 0) return;
  await trx.insertInto('notifications').values(userIds.map((userId) => ({ userId, incidentId, kind, message }))).execute();
}

/**
 * An SLA deadline has come. It breaches only if the clock is still running at this very deadline:
 * not met, not stopped (dismissed or closed), not moved by a priority change, not breached before.
 * The breach is recorded once (a conditional update), notifies the desk's approvers, and asks for
 * an escalation check later.
 */
export async function handleSlaDeadline(db: Db, input: { incidentId: string; clock: SlaClock; dueAt: Date; escalateAfterMinutes: number }): Promise<SlaOutcome> {
  const none = (reason: string): SlaOutcome => ({ fired: false, reason, events: [], notices: [], escalateInMs: null });
  return db.transaction().execute(async (trx) => {
    const incident = await trx.selectFrom('incidents').selectAll().where('id', '=', input.incidentId).forUpdate().executeTakeFirst();
    if (!incident) return none('incident gone');
    const isAck = input.clock === 'acknowledge';
    const due = isAck ? incident.slaAckDueAt : incident.slaRebuttalDueAt;
    const met = isAck ? incident.acknowledgedAt : incident.rebuttedAt;
    const breached = isAck ? incident.slaAckBreachedAt : incident.slaRebuttalBreachedAt;
    if (met) return none('clock met');
    if (STOPPED_STATUSES.includes(incident.status)) return none(`clock stopped: ${incident.status}`);
    if (breached) return none('already breached');
    if (!due || due.getTime() !== input.dueAt.getTime()) return none('deadline moved');
    if (due.getTime() > Date.now() + 1_000) return none('not due yet');

    const now = new Date();
    const updated = await trx
      .updateTable('incidents')
      .set({
        ...(isAck ? { slaAckBreachedAt: now } : { slaRebuttalBreachedAt: now }),
        escalationLevel: sql<number>`greatest(escalation_level, 1)`,
        version: sql<number>`version + 1`,
        updatedAt: now,
      })
      .where('id', '=', incident.id)
      .returning(['version', 'deskId'])
      .executeTakeFirstOrThrow();
    const approvers = updated.deskId
      ? await trx.selectFrom('users').select('id').where('deskId', '=', updated.deskId).where(sql<boolean>`'approver' = any(roles)`).execute()
      : [];
    await notify(trx, approvers.map((a) => a.id), incident.id, 'sla.breached', `SLA missed: ${input.clock} deadline for "${incident.title.slice(0, 120)}"`);
    await appendAudit(trx, {
      actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incident.id, action: 'sla.breached', at: now,
      after: { clock: input.clock, dueAt: input.dueAt.toISOString(), notified: approvers.map((a) => a.id), escalationLevel: 1 },
    });
    const summary = (await findIncidentSummary(trx, incident.id))!;
    const event = await recordIncidentEvent(trx, { type: 'sla.breached', incidentId: incident.id, version: summary.version, incident: summary, reportId: null });
    return {
      fired: true,
      reason: 'breached',
      events: [event],
      notices: updated.deskId ? [{ deskId: updated.deskId, incidentId: incident.id, eventType: 'sla.breached', payload: { event: 'sla.breached', clock: input.clock, incident: summary } }] : [],
      escalateInMs: input.escalateAfterMinutes * 60_000,
    };
  });
}

/** Some time after a breach: if that clock is still unmet, escalate to the coalition lead(s), once. */
export async function handleSlaEscalation(db: Db, input: { incidentId: string; clock: SlaClock }): Promise<SlaOutcome> {
  const none = (reason: string): SlaOutcome => ({ fired: false, reason, events: [], notices: [], escalateInMs: null });
  return db.transaction().execute(async (trx) => {
    const incident = await trx.selectFrom('incidents').selectAll().where('id', '=', input.incidentId).forUpdate().executeTakeFirst();
    if (!incident) return none('incident gone');
    const met = input.clock === 'acknowledge' ? incident.acknowledgedAt : incident.rebuttedAt;
    if (met) return none('clock met since the breach');
    if (STOPPED_STATUSES.includes(incident.status)) return none(`clock stopped: ${incident.status}`);
    if (incident.escalationLevel >= 2) return none('already escalated to the lead');
    const now = new Date();
    await trx
      .updateTable('incidents')
      .set({ escalationLevel: 2, version: sql<number>`version + 1`, updatedAt: now })
      .where('id', '=', incident.id)
      .execute();
    const leads = await trx.selectFrom('users').select('id').where(sql<boolean>`'lead' = any(roles)`).execute();
    await notify(trx, leads.map((l) => l.id), incident.id, 'sla.escalated', `Escalated: ${input.clock} still unmet for "${incident.title.slice(0, 120)}"`);
    await appendAudit(trx, {
      actor: SYSTEM_ACTOR, entityType: 'incident', entityId: incident.id, action: 'sla.escalated', at: now,
      after: { clock: input.clock, notified: leads.map((l) => l.id), escalationLevel: 2 },
    });
    const summary = (await findIncidentSummary(trx, incident.id))!;
    const event = await recordIncidentEvent(trx, { type: 'incident.updated', incidentId: incident.id, version: summary.version, incident: summary, reportId: null });
    return {
      fired: true,
      reason: 'escalated',
      events: [event],
      notices: incident.deskId ? [{ deskId: incident.deskId, incidentId: incident.id, eventType: 'sla.escalated', payload: { event: 'sla.escalated', clock: input.clock, incident: summary } }] : [],
      escalateInMs: null,
    };
  });
}

/** Open clocks whose deadline passed a while ago without a breach being recorded: jobs lost with Redis. */
export async function listOverdueClocks(db: Db, graceMs: number, limit: number): Promise<{ incidentId: string; clock: SlaClock; dueAt: Date }[]> {
  const cutoff = new Date(Date.now() - graceMs);
  const base = db.selectFrom('incidents').where('status', 'not in', STOPPED_STATUSES as ('dismissed' | 'closed')[]);
  const [ack, reb] = await Promise.all([
    base.select(['id', 'slaAckDueAt as dueAt']).where('slaAckDueAt', '<', cutoff).where('slaAckBreachedAt', 'is', null).where('acknowledgedAt', 'is', null).limit(limit).execute(),
    base.select(['id', 'slaRebuttalDueAt as dueAt']).where('slaRebuttalDueAt', '<', cutoff).where('slaRebuttalBreachedAt', 'is', null).where('rebuttedAt', 'is', null).limit(limit).execute(),
  ]);
  return [
    ...ack.map((r) => ({ incidentId: r.id, clock: 'acknowledge' as const, dueAt: r.dueAt! })),
    ...reb.map((r) => ({ incidentId: r.id, clock: 'rebuttal' as const, dueAt: r.dueAt! })),
  ];
}
