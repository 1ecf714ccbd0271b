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

/** What a signed-in user may see and do turns on: roles, desk and organisation. */
export interface Access {
  roles: readonly string[];
  deskId: string | null;
  organisationId: string;
}

/**
 * Whether a user's access differs between two reads of them (roles in any order): the API closes a
 * live socket let in with the old one, and the dashboard follows the new one.
 */
export function accessChanged(before: Access, after: Access): boolean {
  const roles = (a: Access) => [...a.roles].sort().join(',');
  return roles(before) !== roles(after) || before.deskId !== after.deskId || before.organisationId !== after.organisationId;
}
