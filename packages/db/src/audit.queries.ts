import type { DbOrTrx } from './connection.ts';

export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'triage-worker' };

export type AuditInput = { actor: Actor; entityType: string; entityId: string; action: string; before?: unknown; after?: unknown; at?: Date };

/** The audit_events row of an event. */
export const auditRow = (event: AuditInput) => ({
  at: event.at ?? new Date(),
  actorType: event.actor.type,
  actorId: event.actor.id,
  entityType: event.entityType,
  entityId: event.entityId,
  action: event.action,
  before: event.before === undefined ? null : JSON.stringify(event.before),
  after: event.after === undefined ? null : JSON.stringify(event.after),
});

/** Appends one audit event; call it inside the transaction that makes the change. */
export async function appendAudit(db: DbOrTrx, event: AuditInput) {
  await db.insertInto('auditEvents').values(auditRow(event)).execute();
}

/** Several audit events in one insert, in order (their ids follow it). */
export async function appendAudits(db: DbOrTrx, events: AuditInput[]) {
  if (events.length > 0) await db.insertInto('auditEvents').values(events.map(auditRow)).execute();
}

export async function listAuditForEntity(db: DbOrTrx, entityType: string, entityId: string) {
  return db
    .selectFrom('auditEvents')
    .select(['id', 'at', 'actorType', 'actorId', 'action', 'before', 'after'])
    .where('entityType', '=', entityType)
    .where('entityId', '=', entityId)
    .orderBy('id')
    .execute();
}
