import type { FastifyBaseLogger } from 'fastify';
import type { ReportInputParsed } from '@sitroom/core';
import { insertReport, type Db, type ReportFiler } from '@sitroom/db';

export interface IntakeResult {
  id: string;
  status: 'queued' | 'triaged' | 'failed';
  created: boolean;
  enqueued: boolean;
}

/**
 * Stores the report (durable before we answer), then hands it to the triage queue. If Redis does
 * not take the job, the report stays `queued` in Postgres and the worker's reconciler enqueues it.
 */
export async function acceptReport(
  deps: { db: Db; enqueue: (name: 'triage-report', payload: { reportId: string; requestId?: string }, jobId: string) => Promise<void>; log: FastifyBaseLogger; requestId?: string },
  filer: ReportFiler,
  input: ReportInputParsed,
): Promise<IntakeResult> {
  const report = await insertReport(deps.db, filer, input);
  if (!report.created) return { ...report, enqueued: false };
  try {
    await deps.enqueue('triage-report', { reportId: report.id, requestId: deps.requestId }, report.id);
    return { ...report, enqueued: true };
  } catch (err) {
    deps.log.warn({ reportId: report.id, err: (err as Error).message }, 'queue unavailable: report kept queued for the reconciler');
    return { ...report, enqueued: false };
  }
}
