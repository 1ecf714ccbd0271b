import { z } from 'zod';

/** The one job catalogue: every BullMQ job name with its payload schema. */
export const SLA_CLOCKS = ['acknowledge', 'rebuttal'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

export const JOBS = {
  /** `requestId`: the intake request's id, so one report can be followed through the logs. */
  'triage-report': z.object({ reportId: z.uuid(), requestId: z.string().max(100).optional() }),
  /** Fires at an SLA deadline; a no-op if the clock was met, stopped or moved since. */
  'sla-check': z.object({ incidentId: z.uuid(), clock: z.enum(SLA_CLOCKS), dueAt: z.iso.datetime() }),
  /** Fires some time after a breach; escalates to the coalition lead(s) if still unmet. */
  'sla-escalate': z.object({ incidentId: z.uuid(), clock: z.enum(SLA_CLOCKS) }),
  /** POSTs one event to a desk's webhook, signed; every attempt is logged. */
  'deliver-webhook': z.object({
    deliveryId: z.uuid(),
    deskId: z.uuid(),
    incidentId: z.uuid().nullable(),
    eventType: z.string().min(1),
    payload: z.record(z.string(), z.unknown()),
  }),
} as const;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]>;

export const TRIAGE_QUEUE = 'triage';
/** SLA deadlines, escalations and webhooks: kept apart so a slow receiver never delays triage. */
export const NOTIFY_QUEUE = 'notify';

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, typeof TRIAGE_QUEUE | typeof NOTIFY_QUEUE> = {
  'triage-report': TRIAGE_QUEUE,
  'sla-check': NOTIFY_QUEUE,
  'sla-escalate': NOTIFY_QUEUE,
  'deliver-webhook': NOTIFY_QUEUE,
};

/** Options every job of a name is added with, by the API and by the worker's reconciler alike. */
export const JOB_OPTIONS = {
  'triage-report': {
    attempts: 8,
    backoff: { type: 'exponential' as const, delay: 1_000 },
    removeOnComplete: { age: 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  'sla-check': { attempts: 10, backoff: { type: 'exponential' as const, delay: 1_000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
  'sla-escalate': { attempts: 10, backoff: { type: 'exponential' as const, delay: 1_000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
  'deliver-webhook': { attempts: 6, backoff: { type: 'exponential' as const, delay: 2_000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
} as const satisfies Record<JobName, object>;

/** Job id of an SLA deadline: one job per incident, clock and deadline, so it fires once. */
export function slaJobId(incidentId: string, clock: SlaClock, dueAt: Date): string {
  return `sla-${incidentId}-${clock}-${dueAt.getTime()}`;
}
