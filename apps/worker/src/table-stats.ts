import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '@sitroom/db';

export interface IncidentStatsOptions {
  /** New incidents before the first ANALYZE this worker runs. */
  minRows?: number;
  /** Then again once the table has grown by this share since the last ANALYZE. */
  growth?: number;
}

/**
 * Keeps the planner's view of the incidents table in step with its growth. The claim search's
 * plan depends on the table's size: with statistics of an empty table, Postgres answers the
 * nearest-neighbour search by reading every incident and sorting them (tens of milliseconds per
 * report at a few thousand incidents), instead of a few index probes. Autovacuum only looks once a
 * minute, which on election night is thousands of incidents late, so the worker runs ANALYZE
 * itself when the incidents it created cross a threshold: `minRows`, then `growth` × the size at
 * the last ANALYZE. One at a time, outside any triage transaction; a failure is logged and tried
 * again at the next threshold.
 */
export class IncidentStatsKeeper {
  private created = 0;
  private sizeAtLastAnalyze = 0;
  private running: Promise<void> | null = null;
  readonly analyzed = { count: 0 };
  private readonly minRows: number;
  private readonly growth: number;

  constructor(private readonly db: Db, private readonly log: Pick<Logger, 'info' | 'warn'>, options: IncidentStatsOptions = {}) {
    this.minRows = options.minRows ?? 200;
    this.growth = options.growth ?? 0.2;
  }

  /** Counts incidents this worker created; starts an ANALYZE when they cross the threshold. */
  noteCreated(n: number): void {
    if (n <= 0) return;
    this.created += n;
    if (!this.running && this.created >= Math.max(this.minRows, this.growth * this.sizeAtLastAnalyze)) {
      this.running = this.analyze().finally(() => (this.running = null));
    }
  }

  private async analyze(): Promise<void> {
    const counted = this.created;
    const started = Date.now();
    try {
      await sql`analyze incidents`.execute(this.db);
      const { rows: [row] } = await sql<{ rows: number }>`select greatest(reltuples, 0)::float8 as rows from pg_class where oid = 'incidents'::regclass`.execute(this.db);
      this.sizeAtLastAnalyze = Number(row?.rows ?? 0);
      this.created -= counted;
      this.analyzed.count += 1;
      this.log.info({ incidents: this.sizeAtLastAnalyze, ms: Date.now() - started }, 'analysed incidents after growth');
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not analyse incidents; will try again');
    }
  }

  /** Waits for an ANALYZE under way (for shutdown). */
  async idle(): Promise<void> {
    await this.running;
  }
}
