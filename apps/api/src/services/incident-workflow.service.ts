import {
  ConflictError, ForbiddenError, NotFoundError, ValidationError, buildClaimReview, canTransition,
  type DisarmTag, type DisarmTagsInput, type IncidentStatus, type LiveEvent, type RebuttalView, type StatusChangeInput,
} from '@sitroom/core';
import {
  appendAudit, findIncidentSummary, findRebuttal, listDisarmTags, recordIncidentEvent, replaceDisarmTags, updateIncident,
  type Actor, type Db, type IncidentSummaryWithOwner, type Trx,
} from '@sitroom/db';
import { sql } from 'kysely';

async function lockIncident(trx: Trx, incidentId: string, expectedVersion?: number) {
  const current = await trx.selectFrom('incidents').selectAll().where('id', '=', incidentId).forUpdate().executeTakeFirst();
  if (!current) throw new NotFoundError('Incident');
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new ConflictError(`Someone else changed this incident since you loaded it (it is at version ${current.version}, you had ${expectedVersion}). Reload to see their change, then try again.`);
  }
  return current;
}

async function incidentEvent(trx: Trx, incidentId: string): Promise<{ incident: IncidentSummaryWithOwner; event: LiveEvent }> {
  const incident = (await findIncidentSummary(trx, incidentId))!;
  const event = await recordIncidentEvent(trx, { type: 'incident.updated', incidentId, version: incident.version, incident, reportId: null });
  return { incident, event };
}

/**
 * Acknowledge: a responder took note. Stops the acknowledgement clock. With `expectedVersion`
 * a stale client (someone else acted first) gets a 409 instead of overwriting.
 */
export async function acknowledgeIncident(db: Db, incidentId: string, actor: Actor, expectedVersion?: number): Promise<{ incident: IncidentSummaryWithOwner; event: LiveEvent }> {
  return db.transaction().execute(async (trx) => {
    const current = await lockIncident(trx, incidentId, expectedVersion);
    if (!canTransition(current.status, 'acknowledged')) {
      throw new ConflictError(`An incident that is ${current.status.replace('_', ' ')} cannot be acknowledged.`);
    }
    const now = new Date();
    await updateIncident(trx, incidentId, { status: 'acknowledged', acknowledgedAt: current.acknowledgedAt ?? now });
    await appendAudit(trx, {
      actor, entityType: 'incident', entityId: incidentId, action: 'incident.acknowledged', at: now,
      before: { status: current.status }, after: { status: 'acknowledged' },
    });
    return incidentEvent(trx, incidentId);
  });
}

/**
 * Makes `input.tags` the incident's DISARM tag set (PRODUCT.md: "tag an incident with DISARM
 * framework tactic or technique ids, stored with the framework version"). A change bumps the
 * incident's version, is audited and goes out live; sending the set it already has changes nothing.
 */
export async function tagIncident(db: Db, incidentId: string, actor: Actor, input: DisarmTagsInput): Promise<{ incident: IncidentSummaryWithOwner; event: LiveEvent | null; disarmTags: DisarmTag[] }> {
  return db.transaction().execute(async (trx) => {
    await lockIncident(trx, incidentId, input.version);
    const ids = [...new Set(input.tags)].sort();
    const before = await listDisarmTags(trx, incidentId);
    if (before.map((t) => t.id).join() === ids.join()) {
      return { incident: (await findIncidentSummary(trx, incidentId))!, event: null, disarmTags: before };
    }
    await replaceDisarmTags(trx, incidentId, ids, input.frameworkVersion, actor.type === 'user' ? actor.id : null);
    // A new version for the dashboards, but not `updated_at`: it dates the incident's last change of
    // state, which decides whether a closed incident is still joinable (and reopened) by new reports.
    await trx.updateTable('incidents').set({ version: sql<number>`version + 1` }).where('id', '=', incidentId).execute();
    const added = ids.filter((id) => !before.some((t) => t.id === id));
    await appendAudit(trx, {
      actor, entityType: 'incident', entityId: incidentId, action: 'incident.tagged',
      before: { disarmTags: before.map((t) => t.id) },
      after: { disarmTags: ids, ...(added.length > 0 ? { added, frameworkVersion: input.frameworkVersion } : {}) },
    });
    const { incident, event } = await incidentEvent(trx, incidentId);
    return { incident, event, disarmTags: await listDisarmTags(trx, incidentId) };
  });
}

/** Moves an incident along its lifecycle; illegal moves are a 409 that names the legal ones. */
export async function changeIncidentStatus(db: Db, incidentId: string, actor: Actor, input: StatusChangeInput) {
  return db.transaction().execute(async (trx) => {
    const current = await lockIncident(trx, incidentId, input.version);
    const to = input.status as IncidentStatus;
    if (!canTransition(current.status, to)) {
      throw new ConflictError(`An incident that is ${current.status.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`);
    }
    const now = new Date();
    const reopening = (current.status === 'closed' || current.status === 'dismissed') && to === 'triaged';
    await updateIncident(trx, incidentId, {
      status: to,
      ...(to === 'acknowledged' && !current.acknowledgedAt ? { acknowledgedAt: now } : {}),
    });
    await appendAudit(trx, {
      actor, entityType: 'incident', entityId: incidentId, at: now,
      action: reopening ? 'incident.reopened' : to === 'dismissed' ? 'incident.dismissed' : 'incident.status_changed',
      before: { status: current.status },
      after: { status: to, ...(input.reason ? { reason: input.reason } : {}), ...(input.note ? { note: input.note } : {}), ...(reopening ? { reason: 'by_hand' } : {}) },
    });
    return incidentEvent(trx, incidentId);
  });
}

/** Assigns a responder of the incident's desk (or unassigns with null); assigning starts the work. */
export async function assignIncident(db: Db, incidentId: string, actor: Actor, input: { userId: string | null; version: number }) {
  return db.transaction().execute(async (trx) => {
    const current = await lockIncident(trx, incidentId, input.version);
    if (current.status === 'closed' || current.status === 'dismissed') {
      throw new ConflictError(`An incident that is ${current.status} cannot be assigned; reopen it first.`);
    }
    if (input.userId) {
      const user = await trx.selectFrom('users').select(['id', 'deskId', 'roles']).where('id', '=', input.userId).executeTakeFirst();
      if (!user) throw new ValidationError('Unknown user.', [{ path: 'userId', message: 'is not a user' }]);
      const isResponder = user.roles.includes('responder') || user.roles.includes('approver');
      if (!isResponder || (current.deskId && user.deskId !== current.deskId)) {
        throw new ValidationError('Assign a responder of the incident’s desk.', [{ path: 'userId', message: 'is not a responder of this desk' }]);
      }
    }
    const now = new Date();
    const startsWork = input.userId !== null && (current.status === 'triaged' || current.status === 'acknowledged');
    await updateIncident(trx, incidentId, {
      assigneeId: input.userId,
      ...(startsWork ? { status: 'in_progress' as const, acknowledgedAt: current.acknowledgedAt ?? now } : {}),
    });
    await appendAudit(trx, {
      actor, entityType: 'incident', entityId: incidentId, action: 'incident.assigned', at: now,
      before: { assigneeId: current.assigneeId, status: current.status },
      after: { assigneeId: input.userId, status: startsWork ? 'in_progress' : current.status },
    });
    return incidentEvent(trx, incidentId);
  });
}

export async function draftRebuttal(db: Db, incidentId: string, actor: Actor & { id: string }, input: { text: string; language: string; verdict: RebuttalView['verdict']; channels: string[] }) {
  return db.transaction().execute(async (trx) => {
    const current = await lockIncident(trx, incidentId);
    if (current.status === 'closed' || current.status === 'dismissed') {
      throw new ConflictError(`An incident that is ${current.status} takes no rebuttal; reopen it first.`);
    }
    const row = await trx.insertInto('rebuttals').values({ incidentId, authorId: actor.id, ...input }).returning('id').executeTakeFirstOrThrow();
    // Drafting is work in progress.
    if (current.status === 'triaged' || current.status === 'acknowledged') {
      await updateIncident(trx, incidentId, { status: 'in_progress', acknowledgedAt: current.acknowledgedAt ?? new Date() });
      await appendAudit(trx, { actor, entityType: 'incident', entityId: incidentId, action: 'incident.status_changed', before: { status: current.status }, after: { status: 'in_progress' } });
    }
    await appendAudit(trx, { actor, entityType: 'rebuttal', entityId: row.id, action: 'rebuttal.drafted', after: { incidentId, ...input } });
    await appendAudit(trx, { actor, entityType: 'incident', entityId: incidentId, action: 'incident.rebuttal_drafted', after: { rebuttalId: row.id } });
    const { event } = await incidentEvent(trx, incidentId);
    return { rebuttal: (await findRebuttal(trx, incidentId, row.id))!, events: [event] };
  });
}

async function lockRebuttal(trx: Trx, incidentId: string, id: string, expectedVersion?: number) {
  const r = await trx.selectFrom('rebuttals').selectAll().where('id', '=', id).where('incidentId', '=', incidentId).forUpdate().executeTakeFirst();
  if (!r) throw new NotFoundError('Rebuttal');
  if (expectedVersion !== undefined && r.version !== expectedVersion) {
    throw new ConflictError(`Someone else changed this rebuttal since you loaded it (version ${r.version}, you had ${expectedVersion}). Reload and try again.`);
  }
  return r;
}

export async function editRebuttal(db: Db, incidentId: string, id: string, actor: Actor, patch: { text?: string; language?: string; verdict?: RebuttalView['verdict']; channels?: string[]; version: number }) {
  return db.transaction().execute(async (trx) => {
    const before = await lockRebuttal(trx, incidentId, id, patch.version);
    if (before.status === 'published') throw new ConflictError('A published rebuttal cannot be edited; draft a new one.');
    const { version: _v, ...changes } = patch;
    // An edit after approval needs a fresh approval.
    await trx.updateTable('rebuttals').set({ ...changes, status: 'draft', approvedById: null, approvedAt: null, updatedAt: new Date(), version: sql`version + 1` }).where('id', '=', id).execute();
    await appendAudit(trx, {
      actor, entityType: 'rebuttal', entityId: id, action: 'rebuttal.edited',
      before: { text: before.text, language: before.language, verdict: before.verdict, channels: before.channels, status: before.status },
      after: { ...changes, status: 'draft' },
    });
    return (await findRebuttal(trx, incidentId, id))!;
  });
}

/** Four eyes: whoever wrote a rebuttal cannot approve it. */
export async function approveRebuttal(db: Db, incidentId: string, id: string, actor: Actor & { id: string }, version?: number) {
  return db.transaction().execute(async (trx) => {
    const r = await lockRebuttal(trx, incidentId, id, version);
    if (r.status !== 'draft') throw new ConflictError(`This rebuttal is already ${r.status}.`);
    if (r.authorId === actor.id) throw new ForbiddenError('Four eyes: you wrote this rebuttal, so another approver must approve it.');
    const now = new Date();
    await trx.updateTable('rebuttals').set({ status: 'approved', approvedById: actor.id, approvedAt: now, updatedAt: now, version: sql`version + 1` }).where('id', '=', id).execute();
    await appendAudit(trx, { actor, entityType: 'rebuttal', entityId: id, action: 'rebuttal.approved', at: now, before: { status: 'draft' }, after: { status: 'approved' } });
    return (await findRebuttal(trx, incidentId, id))!;
  });
}

/**
 * Publishes an approved rebuttal: the incident becomes `rebutted`, time to rebuttal is recorded
 * (the first publication stops the rebuttal clock), it joins the narrative library, and the
 * organisations that filed reports are told.
 */
export async function publishRebuttal(db: Db, incidentId: string, id: string, actor: Actor & { id: string }, version?: number) {
  return db.transaction().execute(async (trx) => {
    const incident = await lockIncident(trx, incidentId);
    const r = await lockRebuttal(trx, incidentId, id, version);
    if (r.status !== 'approved') throw new ConflictError(r.status === 'draft' ? 'Approve this rebuttal before publishing it.' : 'This rebuttal is already published.');
    if (incident.status === 'closed' || incident.status === 'dismissed') throw new ConflictError(`An incident that is ${incident.status} cannot be rebutted; reopen it first.`);
    const now = new Date();
    await trx.updateTable('rebuttals').set({ status: 'published', publishedById: actor.id, publishedAt: now, updatedAt: now, version: sql`version + 1` }).where('id', '=', id).execute();
    await updateIncident(trx, incidentId, { status: 'rebutted', rebuttedAt: incident.rebuttedAt ?? now, acknowledgedAt: incident.acknowledgedAt ?? now });
    await trx.insertInto('narratives').values({
      kind: 'rebuttal', title: incident.title.slice(0, 200), claim: incident.title, claimNorm: incident.claimNorm, language: r.language,
      text: r.text, verdict: r.verdict, rebuttalId: r.id, createdById: actor.id,
    }).execute();
    await appendAudit(trx, { actor, entityType: 'rebuttal', entityId: id, action: 'rebuttal.published', at: now, before: { status: 'approved' }, after: { status: 'published' } });
    await appendAudit(trx, {
      actor, entityType: 'incident', entityId: incidentId, action: 'incident.rebutted', at: now,
      before: { status: incident.status }, after: { status: 'rebutted', rebuttalId: id, firstRebuttal: incident.rebuttedAt === null },
    });
    const orgs = await trx.selectFrom('reports').select('organisationId').distinct().where('incidentId', '=', incidentId).execute();
    const reporters = await trx
      .selectFrom('users')
      .select('id')
      .where('organisationId', 'in', orgs.length ? orgs.map((o) => o.organisationId) : ['00000000-0000-0000-0000-000000000000'])
      .where(sql<boolean>`'reporter' = any(roles)`)
      .execute();
    if (reporters.length) {
      await trx.insertInto('notifications').values(reporters.map((u) => ({
        userId: u.id, incidentId, kind: 'rebuttal.published', message: `The electoral body answered a claim you reported: ${r.verdict.replace('_', ' ')}`,
      }))).execute();
    }
    const { event } = await incidentEvent(trx, incidentId);
    return { rebuttal: (await findRebuttal(trx, incidentId, id))!, events: [event], notifyOrganisations: orgs.map((o) => o.organisationId) };
  });
}

/** schema.org ClaimReview of an incident's latest published rebuttal. */
export async function claimReviewFor(db: Db, incidentId: string, baseUrl: string, authorName: string) {
  const rebuttal = await db
    .selectFrom('rebuttals')
    .innerJoin('incidents', 'incidents.id', 'rebuttals.incidentId')
    .select(['rebuttals.id', 'rebuttals.text', 'rebuttals.language', 'rebuttals.verdict', 'rebuttals.publishedAt', 'incidents.title', 'incidents.firstReportedAt'])
    .where('rebuttals.incidentId', '=', incidentId)
    .where('rebuttals.status', '=', 'published')
    .orderBy('rebuttals.publishedAt', 'desc')
    .executeTakeFirst();
  if (!rebuttal) throw new NotFoundError('Published rebuttal for this incident');
  // Only links from reports their filers marked shareable (TLP clear or green) appear publicly.
  const reports = await db.selectFrom('reports').select('urls').where('incidentId', '=', incidentId).where('tlp', 'in', ['clear', 'green']).execute();
  const appearances = [...new Set(reports.flatMap((r) => r.urls))];
  return buildClaimReview({
    url: `${baseUrl}/api/v1/incidents/${incidentId}/claimreview`,
    claimReviewed: rebuttal.title,
    verdict: rebuttal.verdict,
    text: rebuttal.text,
    language: rebuttal.language,
    datePublished: rebuttal.publishedAt!.toISOString(),
    authorName,
    appearances,
    firstAppearance: rebuttal.firstReportedAt.toISOString(),
  });
}
