import type { FastifyBaseLogger } from 'fastify';
import { MicroBatcher, type JobPayload, type ReportInputParsed } from '@sitroom/core';
import { insertReports, type Db, type ReportFiler } from '@sitroom/db';

export interface IntakeResult {
  id: string;
  status: 'queued' | 'triaged' | 'failed';
  created: boolean;
  enqueued: boolean;
}

export interface IntakeDeps {
  db: Db;
  enqueueTriage: (jobs: JobPayload<'triage-report'>[]) => Promise<void>;
  log: FastifyBaseLogger;
  /** Told the size of each batch stored. */
  onBatch?: (size: number) => void;
}

interface IntakeItem {
  filer: ReportFiler;
  input: ReportInputParsed;
  requestId?: string;
}

/**
 * Accepts reports: stores each (durable before we answer), then hands it to the triage queue. If
 * Redis does not take the job, the report stays `queued` in Postgres and the worker's reconciler
 * enqueues it. Reports arriving together share one INSERT (one commit) and one `addBulk`, so under
 * load a round trip to Postgres and one to Redis carry many reports; alone, a report goes at once.
 */
export class Intake {
  private readonly batcher: MicroBatcher<IntakeItem, IntakeResult>;

  constructor(private readonly deps: IntakeDeps, options: { maxBatch?: number; maxInFlight?: number } = {}) {
    this.batcher = new MicroBatcher({
      maxBatch: options.maxBatch ?? 200,
      // Below the API's pool size (10), leaving connections for sign-ins, reads and key lookups.
      maxInFlight: options.maxInFlight ?? 4,
      run: (items) => this.store(items),
    });
  }

  accept(filer: ReportFiler, input: ReportInputParsed, requestId?: string): Promise<IntakeResult> {
    return this.batcher.add({ filer, input, requestId });
  }

  get stats() {
    return this.batcher.stats;
  }

  private async store(items: IntakeItem[]): Promise<Array<IntakeResult | Error>> {
    this.deps.onBatch?.(items.length);
    const stored = await insertReports(this.deps.db, items);
    const jobs: JobPayload<'triage-report'>[] = [];
    stored.forEach((s, i) => {
      if (!(s instanceof Error) && s.created) jobs.push({ reportId: s.id, ...(items[i]!.requestId ? { requestId: items[i]!.requestId } : {}) });
    });
    let enqueued = jobs.length > 0;
    if (jobs.length > 0) {
      try {
        await this.deps.enqueueTriage(jobs);
      } catch (err) {
        enqueued = false;
        this.deps.log.warn({ reportIds: jobs.map((j) => j.reportId), err: (err as Error).message }, 'queue unavailable: reports kept queued for the reconciler');
      }
    }
    return stored.map((s) => (s instanceof Error ? s : { ...s, enqueued: s.created && enqueued }));
  }
}
