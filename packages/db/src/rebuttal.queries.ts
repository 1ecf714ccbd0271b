import type { RebuttalView } from '@sitroom/core';
import type { DbOrTrx } from './connection.ts';

function selectRebuttal(db: DbOrTrx) {
  return db
    .selectFrom('rebuttals')
    .innerJoin('users', 'users.id', 'rebuttals.authorId')
    .select([
      'rebuttals.id', 'rebuttals.incidentId', 'rebuttals.text', 'rebuttals.language', 'rebuttals.verdict', 'rebuttals.channels',
      'rebuttals.status', 'rebuttals.authorId', 'users.name as authorName', 'rebuttals.approvedById', 'rebuttals.approvedAt',
      'rebuttals.publishedAt', 'rebuttals.createdAt', 'rebuttals.version',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectRebuttal>['executeTakeFirstOrThrow']>>;

function toView(r: Row): RebuttalView {
  return {
    ...r,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function findRebuttal(db: DbOrTrx, incidentId: string, id: string): Promise<RebuttalView | undefined> {
  const r = await selectRebuttal(db).where('rebuttals.id', '=', id).where('rebuttals.incidentId', '=', incidentId).executeTakeFirst();
  return r && toView(r);
}

export async function listRebuttals(db: DbOrTrx, incidentId: string): Promise<RebuttalView[]> {
  return (await selectRebuttal(db).where('rebuttals.incidentId', '=', incidentId).orderBy('rebuttals.createdAt').execute()).map(toView);
}

/** Published rebuttals, newest first, with their incident's claim: the public feed. */
export async function listPublishedRebuttals(db: DbOrTrx, limit: number) {
  return db
    .selectFrom('rebuttals')
    .innerJoin('incidents', 'incidents.id', 'rebuttals.incidentId')
    .select([
      'rebuttals.id', 'rebuttals.incidentId', 'rebuttals.text', 'rebuttals.language', 'rebuttals.verdict', 'rebuttals.publishedAt',
      'incidents.title', 'incidents.category', 'incidents.urlNorms',
    ])
    .where('rebuttals.status', '=', 'published')
    .orderBy('rebuttals.publishedAt', 'desc')
    .limit(limit)
    .execute();
}
