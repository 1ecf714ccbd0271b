import type { Role } from './vocab.ts';

/**
 * Every action a user can take, and which roles may take it: the one permission matrix that
 * routes and socket room joins consult (PRODUCT.md, "People and roles").
 */
export const PERMISSIONS = {
  'report.create': ['reporter', 'admin'],
  'report.read_own_organisation': ['reporter', 'responder', 'approver', 'lead', 'admin'],
  'incident.read': ['responder', 'approver', 'lead', 'admin'],
  'incident.acknowledge': ['responder', 'approver', 'admin'],
  'incident.assign': ['responder', 'approver', 'admin'],
  'incident.change_status': ['responder', 'approver', 'admin'],
  /** Tag with DISARM tactic and technique ids. */
  'incident.tag': ['responder', 'approver', 'admin'],
  'rebuttal.draft': ['responder', 'approver', 'admin'],
  'rebuttal.approve': ['approver', 'admin'],
  'rebuttal.publish': ['approver', 'admin'],
  'narrative.read': ['responder', 'approver', 'lead', 'admin'],
  'narrative.manage': ['approver', 'admin'],
  'metrics.read': ['lead', 'admin'],
  'notification.read': ['reporter', 'responder', 'approver', 'lead', 'admin'],
  'admin.manage': ['admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Whether any of `roles` may take `action`. */
export function can(roles: readonly Role[], action: Action): boolean {
  const allowed: readonly Role[] = PERMISSIONS[action];
  return roles.some((r) => allowed.includes(r));
}
