import { ConflictError, NotFoundError, type IncidentSummary, type LiveEvent } from '@sitroom/core';
import { appendAudit, findIncidentSummary, recordIncidentEvent, updateIncident, type Actor, type Db } from '@sitroom/db';

/**
 * Acknowledge: a responder took note. Stops the acknowledgement clock. With `expectedVersion`
 * a stale client (someone else acted first) gets a 409 instead of overwriting.
 */
export async function acknowledgeIncident(db: Db, incidentId: string, actor: Actor, expectedVersion?: number): Promise<{ incident: IncidentSummary; event: LiveEvent }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('incidents').select(['id', 'status', 'version', 'acknowledgedAt']).where('id', '=', incidentId).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('Incident');
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError(`The incident changed since you loaded it (version ${current.version}, you had ${expectedVersion}). Reload and try again.`);
    }
    if (current.status !== 'triaged' && current.status !== 'new') {
      throw new ConflictError(`An incident that is ${current.status.replace('_', ' ')} cannot be acknowledged.`);
    }
    const now = new Date();
    await updateIncident(trx, incidentId, { status: 'acknowledged', acknowledgedAt: current.acknowledgedAt ?? now });
    await appendAudit(trx, {
      actor, entityType: 'incident', entityId: incidentId, action: 'incident.acknowledged', at: now,
      before: { status: current.status }, after: { status: 'acknowledged' },
    });
    const incident = (await findIncidentSummary(trx, incidentId))!;
    const event = await recordIncidentEvent(trx, { type: 'incident.updated', incidentId, version: incident.version, incident, reportId: null });
    return { incident, event };
  });
}
