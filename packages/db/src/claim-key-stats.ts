import { sql } from 'kysely';
import type { KeyRows } from '@sitroom/core';
import type { DbOrTrx } from './connection.ts';

/**
 * How common each claim search word is, read from the planner's statistics of incidents.claim_keys
 * (pg_stats' most_common_elems and their frequencies, kept for up to 10,000 words at the column's
 * statistics target). A word not listed is rarer than every listed one: it is given half the
 * frequency below which ANALYZE lists no word (see `load`). Before the table has statistics every word
 * counts as rare, which costs nothing while the table is small. Loaded by `load`, again whenever
 * the statistics may have changed (after an ANALYZE, and on a timer for other workers' and
 * autovacuum's).
 */
export class ClaimKeyStats implements KeyRows {
  private frequencies = new Map<string, number>();
  private unlisted = 0;
  private rows = 0;
  /**
   * Incidents this process created per word since the statistics were taken. A word that suddenly
   * trends on election night (a name in every new rumour) is rare in statistics up to a minute old;
   * looked up alone, it would read every incident that has it for each report. Counting what this
   * worker stores makes it common as soon as it is, until the next ANALYZE counts it for real.
   */
  private recent = new Map<string, number>();
  private analyzedAt: string | null = null;

  constructor(private readonly recentLimit = 50_000) {}

  get incidents(): number {
    return this.rows;
  }

  rowsWith(key: string): number {
    return Math.max(this.rows * (this.frequencies.get(key) ?? this.unlisted), this.recent.get(key) ?? 0);
  }

  /** An incident this process has just stored, with its search words (`claim_keys`). */
  noteNewIncident(keys: readonly string[]): void {
    for (const key of keys) {
      const n = this.recent.get(key);
      // Bounded: once full, only words already counted are (a trending word is counted early).
      if (n !== undefined || this.recent.size < this.recentLimit) this.recent.set(key, (n ?? 0) + 1);
    }
  }

  /** Words listed and the table's estimated size, for logs. */
  get summary(): { words: number; incidents: number } {
    return { words: this.frequencies.size, incidents: this.rows };
  }

  async load(db: DbOrTrx): Promise<void> {
    const { rows: [row] } = await sql<{ rows: number; target: number; elems: string[] | null; freqs: number[] | null; counts: number[] | null; analyzedAt: string | null }>`
      select greatest(c.reltuples, 0)::float8 as rows,
             (select greatest(t.last_analyze, t.last_autoanalyze)::text from pg_stat_user_tables t where t.relid = c.oid) as analyzed_at,
             coalesce(nullif(a.attstattarget, -1), current_setting('default_statistics_target')::int) as target,
             s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs as freqs, s.elem_count_histogram as counts
      from pg_class c
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'claim_keys'
      left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'incidents' and s.attname = 'claim_keys'
      where c.oid = 'incidents'::regclass`.execute(db);
    const elems = row?.elems ?? [];
    const freqs = (row?.freqs ?? []).map(Number);
    const frequencies = new Map<string, number>();
    elems.forEach((e, i) => frequencies.set(e, freqs[i] ?? 0));
    // After the per-word frequencies come their lowest and highest (and the share of null words).
    const lowest = freqs[elems.length];
    // ANALYZE lists every word seen in more than 9 × (words per row) / (10 × target / 0.007) of the
    // rows it sampled (lossy counting; see compute_array_stats), up to 10 × target words. While the
    // list is not full, an unlisted word is below that cutoff, which is far below the lowest listed
    // frequency when most words are rare (names, places): half the cutoff is its estimate.
    const target = Number(row?.target ?? 100);
    const wordsPerRow = (row?.counts ?? []).map(Number).at(-1) ?? 0;
    const cutoff = (9 * wordsPerRow * 7) / (10 * target * 1000);
    // New statistics (an ANALYZE ran, here or elsewhere) count what was created before them.
    const analyzedAt = row?.analyzedAt ?? null;
    if (analyzedAt !== this.analyzedAt) this.recent.clear();
    this.analyzedAt = analyzedAt;
    this.frequencies = frequencies;
    this.unlisted = elems.length === 0 || lowest === undefined ? 0 : elems.length < 10 * target && cutoff > 0 ? Math.min(lowest, cutoff) / 2 : lowest / 2;
    this.rows = Number(row?.rows ?? 0);
  }
}
