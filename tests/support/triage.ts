import type { ReportInput } from '@sitroom/core';
import { ReportInput as ReportInputSchema } from '@sitroom/core';
import { insertReport, type Db } from '@sitroom/db';
import { triageReport } from '../../apps/worker/src/triage.service.ts';
import { newReport } from './fixtures.ts';

/** Files a report as `organisationId` and triages it right here (no queue): for tests of what comes after triage. */
export async function fileAndTriage(db: Db, organisationId: string, overrides: Partial<ReportInput> = {}) {
  const report = await insertReport(db, { organisationId, apiKeyId: null, userId: null }, ReportInputSchema.parse(newReport(overrides)));
  const outcome = await triageReport(db, report.id, { dedupWindowDays: 7 });
  return { reportId: report.id, incidentId: outcome.incidentId };
}
