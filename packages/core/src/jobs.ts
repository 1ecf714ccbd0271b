import { z } from 'zod';

/** The one job catalogue: every BullMQ job name with its payload schema. */
export const JOBS = {
  'triage-report': z.object({ reportId: z.uuid() }),
} as const;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;

export const TRIAGE_QUEUE = 'triage';

/** Options every job of a name is added with, by the API and by the worker's reconciler alike. */
export const JOB_OPTIONS = {
  'triage-report': {
    attempts: 8,
    backoff: { type: 'exponential' as const, delay: 1_000 },
    removeOnComplete: { age: 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
} as const satisfies Record<JobName, object>;
