import { sql } from 'kysely';
import type { Logger } from 'pino';
import { backfillClaimKeys, ClaimKeyStats, type Db } from '@sitroom/db';

export interface IncidentStatsOptions {
  /** New incidents before the first ANALYZE this worker runs. */
  minRows?: number;
  /** Then again once the table has grown by this share since the last ANALYZE. */
  growth?: number;
  /** How often the claim search words' frequencies are read again (other workers and autovacuum analyse too). */
  refreshEveryMs?: number;
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
 *
 * It also keeps `keyStats`, how common each claim search word is (read from those statistics, see
 * `ClaimKeyStats`), which triage uses to look candidates up by a claim's rarest words: read at
 * `start`, after each ANALYZE, and every `refreshEveryMs`. `start` first fills in the search words of
 * incidents stored before they existed (`backfillClaimKeys`); if Postgres cannot be reached then,
 * it is tried again on the timer.
 */
export class IncidentStatsKeeper {
  private created = 0;
  private sizeAtLastAnalyze = 0;
  private running: Promise<void> | null = null;
  readonly analyzed = { count: 0 };
  readonly keyStats = new ClaimKeyStats();
  private readonly minRows: number;
  private readonly growth: number;
  private readonly refreshEveryMs: number;
  private backfilled = false;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly log: Pick<Logger, 'info' | 'warn'>, options: IncidentStatsOptions = {}) {
    this.minRows = options.minRows ?? 200;
    this.growth = options.growth ?? 0.2;
    this.refreshEveryMs = options.refreshEveryMs ?? 60_000;
  }

  /** Fills in missing search words and reads their frequencies, then keeps reading them on a timer. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), this.refreshEveryMs);
    this.timer.unref();
  }

  /** Backfills search words (until done once) and reads their frequencies; failures are logged. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    try {
      if (!this.backfilled) {
        const started = Date.now();
        const filled = await backfillClaimKeys(this.db, 1_000, (done) => {
          if (done % 10_000 === 0) this.log.info({ done }, 'filling in claim search words of stored incidents');
        });
        this.backfilled = true;
        if (filled > 0) this.log.info({ incidents: filled, ms: Date.now() - started }, 'filled in claim search words of stored incidents');
      }
      await this.keyStats.load(this.db);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not read claim search word statistics; will try again');
    }
  }

  /**
   * Counts incidents this worker created (each by its search words, so that a word turning common
   * counts as common before the next ANALYZE: see `ClaimKeyStats`); starts an ANALYZE when they
   * cross the threshold.
   */
  noteCreated(incidentKeys: readonly (readonly string[])[]): void {
    const n = incidentKeys.length;
    if (n <= 0) return;
    for (const keys of incidentKeys) this.keyStats.noteNewIncident(keys);
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
      await this.keyStats.load(this.db);
      this.log.info({ incidents: this.sizeAtLastAnalyze, ms: Date.now() - started }, 'analysed incidents after growth');
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not analyse incidents; will try again');
    }
  }

  /** Waits for an ANALYZE, and the reading of statistics after it, under way. */
  async idle(): Promise<void> {
    await this.running;
    await this.refreshing;
  }

  /** Stops the timer and waits for work under way (for shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }
}
