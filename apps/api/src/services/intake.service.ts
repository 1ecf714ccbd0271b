import type { FastifyBaseLogger } from 'fastify';
import { MicroBatcher, type JobPayload, type ReportInputParsed } from '@sitroom/core';
import { insertReports, type Db, type ReportFiler } from '@sitroom/db';

export interface IntakeResult {
  id: string;
  status: 'queued' | 'triaged' | 'failed';
  created: boolean;
}

export interface IntakeDeps {
  db: Db;
  enqueueTriage: (jobs: JobPayload<'triage-report'>[]) => Promise<void>;
  log: FastifyBaseLogger;
  /** Told the size of each batch stored, and of each batch handed to the queue. */
  onStored?: (size: number) => void;
  onEnqueued?: (size: number, ok: boolean) => void;
}

interface IntakeItem {
  filer: ReportFiler;
  input: ReportInputParsed;
  requestId?: string;
}

/**
 * Accepts reports. A report is accepted (202) once it is stored as `queued` in Postgres: that is
 * what makes it durable. Handing it to the triage queue follows, without holding the answer: if
 * Redis does not take the job (down, slow, or this process stops first), the report stays `queued`
 * and the worker's reconciler enqueues it, exactly as when Redis was down at intake.
 *
 * Reports arriving together share one INSERT (one commit) and one `addBulk`, so under load a round
 * trip to Postgres and one to Redis carry many reports; alone, a report goes at once.
 */
export class Intake {
  private readonly storer: MicroBatcher<IntakeItem, IntakeResult>;
  private readonly enqueuer: MicroBatcher<JobPayload<'triage-report'>, void>;

  constructor(private readonly deps: IntakeDeps, options: { maxBatch?: number; maxInFlight?: number } = {}) {
    this.storer = new MicroBatcher({
      maxBatch: options.maxBatch ?? 200,
      // Below the API's pool size, leaving connections for sign-ins, reads and key lookups.
      maxInFlight: options.maxInFlight ?? 8,
      run: (items) => this.store(items),
    });
    this.enqueuer = new MicroBatcher({
      maxBatch: 500,
      maxInFlight: 2,
      run: async (jobs) => {
        try {
          await this.deps.enqueueTriage(jobs);
          this.deps.onEnqueued?.(jobs.length, true);
        } catch (err) {
          this.deps.onEnqueued?.(jobs.length, false);
          this.deps.log.warn({ count: jobs.length, reportIds: jobs.slice(0, 20).map((j) => j.reportId), err: (err as Error).message }, 'queue unavailable: reports kept queued for the reconciler');
        }
        return jobs.map(() => undefined);
      },
    });
  }

  accept(filer: ReportFiler, input: ReportInputParsed, requestId?: string): Promise<IntakeResult> {
    return this.storer.add({ filer, input, requestId });
  }

  /** Waits until every accepted report has been offered to the queue (on shutdown). */
  async drain(): Promise<void> {
    await this.storer.drain();
    await this.enqueuer.drain();
  }

  private async store(items: IntakeItem[]): Promise<Array<IntakeResult | Error>> {
    const stored = await insertReports(this.deps.db, items);
    this.deps.onStored?.(items.length);
    stored.forEach((s, i) => {
      if (s instanceof Error || !s.created) return;
      const requestId = items[i]!.requestId;
      void this.enqueuer.add({ reportId: s.id, ...(requestId ? { requestId } : {}) });
    });
    return stored;
  }
}
