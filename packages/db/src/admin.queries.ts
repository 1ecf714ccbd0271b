import { sql } from 'kysely';
import { normalizeLexiconTerm, readTriageSettings, type RoutingConditions, type TriageSettings } from '@sitroom/core';
import type { DbOrTrx } from './connection.ts';

export async function findElection(db: DbOrTrx, id: string) {
  const e = await db
    .selectFrom('elections')
    .select(['id', 'name', 'pollingDay', 'timezone', 'languages', 'isActive', 'settings'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!e) return undefined;
  const regions = await db.selectFrom('regions').select(['code', 'name', 'sensitivity']).where('electionId', '=', id).orderBy('code').execute();
  return { id: e.id, name: e.name, pollingDay: e.pollingDay, timezone: e.timezone, languages: e.languages, active: e.isActive, settings: readTriageSettings(e.settings), regions };
}

export async function insertElection(
  db: DbOrTrx,
  input: { name: string; pollingDay: string; timezone: string; languages: string[]; active: boolean; settings: TriageSettings },
) {
  if (input.active) await db.updateTable('elections').set({ isActive: false }).where('isActive', '=', true).execute();
  return db
    .insertInto('elections')
    .values({ name: input.name, pollingDay: input.pollingDay, timezone: input.timezone, languages: input.languages, isActive: input.active, settings: JSON.stringify(input.settings) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateElection(
  db: DbOrTrx,
  id: string,
  patch: { name?: string; pollingDay?: string; timezone?: string; languages?: string[]; active?: boolean; settings?: TriageSettings },
) {
  if (patch.active) await db.updateTable('elections').set({ isActive: false }).where('isActive', '=', true).where('id', '!=', id).execute();
  const { active, settings, ...rest } = patch;
  await db
    .updateTable('elections')
    .set({ ...rest, ...(active === undefined ? {} : { isActive: active }), ...(settings ? { settings: JSON.stringify(settings) } : {}), updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function replaceRegions(db: DbOrTrx, electionId: string, regions: { code: string; name: string; sensitivity: number }[]) {
  await db.deleteFrom('regions').where('electionId', '=', electionId).execute();
  if (regions.length) await db.insertInto('regions').values(regions.map((r) => ({ ...r, electionId }))).execute();
}

export async function findLexiconTerm(db: DbOrTrx, id: string) {
  return db.selectFrom('lexiconTerms').select(['id', 'language', 'term', 'termNorm', 'kind', 'weight', 'enabled']).where('id', '=', id).executeTakeFirst();
}

export async function insertLexiconTerm(db: DbOrTrx, input: { language: string; term: string; kind: 'violence' | 'hate'; weight: number; enabled: boolean }) {
  return db
    .insertInto('lexiconTerms')
    .values({ ...input, termNorm: normalizeLexiconTerm(input.term) })
    .returning(['id', 'language', 'term', 'termNorm', 'kind', 'weight', 'enabled'])
    .executeTakeFirstOrThrow();
}

export async function updateLexiconTerm(db: DbOrTrx, id: string, patch: { term?: string; kind?: 'violence' | 'hate'; weight?: number; enabled?: boolean }) {
  return db
    .updateTable('lexiconTerms')
    .set({ ...patch, ...(patch.term ? { termNorm: normalizeLexiconTerm(patch.term) } : {}), updatedAt: new Date() })
    .where('id', '=', id)
    .returning(['id', 'language', 'term', 'termNorm', 'kind', 'weight', 'enabled'])
    .executeTakeFirst();
}

export async function deleteLexiconTerm(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('lexiconTerms').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findRoutingRule(db: DbOrTrx, id: string) {
  return db.selectFrom('routingRules').select(['id', 'name', 'position', 'enabled', 'conditions', 'deskId']).where('id', '=', id).executeTakeFirst();
}

/** Inserts a rule at a 1-based position (the end when omitted), shifting the rules after it. */
export async function insertRoutingRule(db: DbOrTrx, input: { name: string; deskId: string; conditions: RoutingConditions; enabled: boolean; position?: number }) {
  const max = await db.selectFrom('routingRules').select(sql<number>`coalesce(max(position), 0)`.as('max')).executeTakeFirstOrThrow();
  const position = Math.min(input.position ?? Number(max.max) + 1, Number(max.max) + 1);
  await db.updateTable('routingRules').set({ position: sql`position + 1` }).where('position', '>=', position).execute();
  return db
    .insertInto('routingRules')
    .values({ name: input.name, deskId: input.deskId, conditions: JSON.stringify(input.conditions), enabled: input.enabled, position })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateRoutingRule(db: DbOrTrx, id: string, patch: { name?: string; deskId?: string; conditions?: RoutingConditions; enabled?: boolean }) {
  const { conditions, ...rest } = patch;
  await db
    .updateTable('routingRules')
    .set({ ...rest, ...(conditions ? { conditions: JSON.stringify(conditions) } : {}), updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function deleteRoutingRule(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('routingRules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Sets the order of rules: `ids` must list every rule exactly once. */
export async function reorderRoutingRules(db: DbOrTrx, ids: string[]) {
  for (const [i, id] of ids.entries()) {
    await db.updateTable('routingRules').set({ position: i + 1, updatedAt: new Date() }).where('id', '=', id).execute();
  }
}

export async function findDesk(db: DbOrTrx, id: string) {
  return db.selectFrom('desks').select(['id', 'name', 'isDefault', 'webhookUrl']).where('id', '=', id).executeTakeFirst();
}

export async function setDeskWebhook(db: DbOrTrx, id: string, webhook: { url: string | null; secret: string | null }) {
  await db.updateTable('desks').set({ webhookUrl: webhook.url, webhookSecret: webhook.secret }).where('id', '=', id).execute();
}

export async function listWebhookDeliveries(db: DbOrTrx, options: { deskId?: string; limit: number }) {
  let q = db
    .selectFrom('webhookDeliveries')
    .select(['id', 'deliveryId', 'deskId', 'incidentId', 'eventType', 'url', 'attempt', 'statusCode', 'error', 'durationMs', 'succeeded', 'createdAt'])
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.deskId) q = q.where('deskId', '=', options.deskId);
  return q.execute();
}

export async function listNotifications(db: DbOrTrx, userId: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'incidentId', 'kind', 'message', 'createdAt', 'readAt'])
    .where('userId', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of a user's notifications are unread, however many there are. */
export async function countUnreadNotifications(db: DbOrTrx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks notifications of `userId` read: those of `ids` (ids of other users' notifications are
 * ignored), or all of them. Ones read before keep their read time. Answers how many were marked.
 */
export async function markNotificationsRead(db: DbOrTrx, userId: string, which: { ids: string[] } | 'all', at = new Date()): Promise<number> {
  let q = db.updateTable('notifications').set({ readAt: at }).where('userId', '=', userId).where('readAt', 'is', null);
  if (which !== 'all') q = q.where('id', 'in', which.ids.length > 0 ? which.ids : ['-1']);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
