import { sql } from 'kysely';
import type { DbOrTrx } from './connection.ts';

const COLUMNS = ['id', 'kind', 'title', 'claim', 'language', 'text', 'verdict', 'createdAt'] as const;

export async function listNarratives(db: DbOrTrx, limit: number) {
  return db.selectFrom('narratives').select([...COLUMNS]).orderBy('createdAt', 'desc').limit(limit).execute();
}

/**
 * Prepared answers and past rebuttals whose claim resembles `claimNorm` (pg_trgm similarity,
 * served by the GIN index narratives_claim_trgm), most similar first.
 */
export async function findSimilarNarratives(db: DbOrTrx, claimNorm: string, language: string, threshold: number, limit: number) {
  await sql`select set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`.execute(db);
  return db
    .selectFrom('narratives')
    .select([...COLUMNS, sql<number>`similarity(claim_norm, ${claimNorm})`.as('similarity')])
    .where(sql<boolean>`claim_norm % ${claimNorm}`)
    .where(sql<boolean>`split_part(language, '-', 1) = split_part(${language}, '-', 1)`)
    .orderBy('similarity', 'desc')
    .limit(limit)
    .execute();
}
