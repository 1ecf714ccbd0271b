import { disarmName, type DisarmTag } from '@sitroom/core';
import type { DbOrTrx } from './connection.ts';

/** An incident's DISARM tags, by id, with who added them. */
export async function listDisarmTags(db: DbOrTrx, incidentId: string): Promise<DisarmTag[]> {
  const rows = await db
    .selectFrom('incidentDisarmTags')
    .leftJoin('users', 'users.id', 'incidentDisarmTags.taggedById')
    .select(['incidentDisarmTags.disarmId', 'incidentDisarmTags.frameworkVersion', 'incidentDisarmTags.taggedAt', 'users.name as taggedBy'])
    .where('incidentDisarmTags.incidentId', '=', incidentId)
    .orderBy('incidentDisarmTags.disarmId')
    .execute();
  return rows.map((r) => ({
    id: r.disarmId,
    name: disarmName(r.disarmId),
    frameworkVersion: r.frameworkVersion,
    taggedBy: r.taggedBy,
    taggedAt: r.taggedAt.toISOString(),
  }));
}

/**
 * Makes `ids` the incident's tag set: drops the others, adds the new ones with `frameworkVersion`;
 * tags kept keep their version, tagger and time.
 */
export async function replaceDisarmTags(db: DbOrTrx, incidentId: string, ids: string[], frameworkVersion: string, taggedById: string | null): Promise<void> {
  let drop = db.deleteFrom('incidentDisarmTags').where('incidentId', '=', incidentId);
  if (ids.length > 0) drop = drop.where('disarmId', 'not in', ids);
  await drop.execute();
  if (ids.length === 0) return;
  await db
    .insertInto('incidentDisarmTags')
    .values(ids.map((disarmId) => ({ incidentId, disarmId, frameworkVersion, taggedById })))
    .onConflict((oc) => oc.columns(['incidentId', 'disarmId']).doNothing())
    .execute();
}
