import { z } from 'zod';
import type { IncidentStatus } from './vocab.ts';

export const DISMISS_REASONS = ['duplicate', 'out_of_scope', 'not_actionable', 'true_claim'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/**
 * Legal moves of an incident by hand (PRODUCT.md, "Incident lifecycle"). `rebutted` is reached by
 * publishing a rebuttal, not by a status change; `reopened` is the act of going from closed or
 * dismissed back to `triaged`.
 */
const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  new: ['triaged', 'acknowledged', 'dismissed'],
  triaged: ['acknowledged', 'in_progress', 'dismissed'],
  acknowledged: ['in_progress', 'dismissed'],
  in_progress: ['dismissed'],
  rebutted: ['closed', 'in_progress'],
  closed: ['triaged'],
  dismissed: ['triaged'],
};

export function allowedTransitions(from: IncidentStatus): readonly IncidentStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export const StatusChangeInput = z
  .strictObject({
    status: z.enum(['triaged', 'acknowledged', 'in_progress', 'closed', 'dismissed']),
    reason: z.enum(DISMISS_REASONS).optional(),
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().min(1),
  })
  .refine((v) => v.status !== 'dismissed' || v.reason !== undefined, { message: 'is required to dismiss', path: ['reason'] });
export type StatusChangeInput = z.infer<typeof StatusChangeInput>;

export const AssignInput = z.strictObject({ userId: z.uuid().nullable(), version: z.number().int().min(1) });
