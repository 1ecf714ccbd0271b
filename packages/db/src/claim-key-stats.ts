import { sql } from 'kysely';
import type { KeyRows } from '@sitroom/core';
import type { DbOrTrx } from './connection.ts';

/**
 * How common each claim search word is, read from the planner's statistics of incidents.claim_keys
 * (pg_stats' most_common_elems and their frequencies, kept for up to 10,000 words at the column's
 * statistics target). A word not listed is rarer than every listed one: it is given half the
 * lowest listed frequency, as Postgres' own estimates do. Before the table has statistics every word
 * counts as rare, which costs nothing while the table is small. Loaded by `load`, again whenever
 * the statistics may have changed (after an ANALYZE, and on a timer for other workers' and
 * autovacuum's).
 */
export class ClaimKeyStats implements KeyRows {
  private frequencies = new Map<string, number>();
  private unlisted = 0;
  private rows = 0;
  /** When the statistics were last read, or null before the first `load`. */
  loadedAt: Date | null = null;

  get incidents(): number {
    return this.rows;
  }

  rowsWith(key: string): number {
    return this.rows * (this.frequencies.get(key) ?? this.unlisted);
  }

  /** Words listed and the table's estimated size, for logs. */
  get summary(): { words: number; incidents: number } {
    return { words: this.frequencies.size, incidents: this.rows };
  }

  async load(db: DbOrTrx): Promise<void> {
    const { rows: [row] } = await sql<{ rows: number; elems: string[] | null; freqs: number[] | null }>`
      select greatest(c.reltuples, 0)::float8 as rows, s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs as freqs
      from pg_class c
      left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'incidents' and s.attname = 'claim_keys'
      where c.oid = 'incidents'::regclass`.execute(db);
    const elems = row?.elems ?? [];
    const freqs = (row?.freqs ?? []).map(Number);
    const frequencies = new Map<string, number>();
    elems.forEach((e, i) => frequencies.set(e, freqs[i] ?? 0));
    // After the per-word frequencies come their lowest and highest (and the share of null words).
    const lowest = freqs[elems.length];
    this.frequencies = frequencies;
    this.unlisted = elems.length > 0 && lowest !== undefined ? lowest / 2 : 0;
    this.rows = Number(row?.rows ?? 0);
    this.loadedAt = new Date();
  }
}
