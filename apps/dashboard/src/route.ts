import { can, type Role } from '@sitroom/core';
/** The dashboard's screens, addressed by the URL hash so a reload or a shared link opens the same one. */
export const ADMIN_SECTIONS = ['routing', 'lexicon', 'elections', 'desks', 'pipeline', 'organisations', 'users', 'keys', 'audit'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export type Route =
  /** `incidentId`: the incident open in the panel beside the queue (`#/incidents/<id>`). */
  | { screen: 'queue'; incidentId?: string }
  | { screen: 'admin'; section: AdminSection }
  | { screen: 'report' }
  | { screen: 'reports' }
  | { screen: 'analytics' };

const SIMPLE_SCREENS = ['report', 'reports', 'analytics'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ADMIN_SECTION_LABELS: Record<AdminSection, string> = {
  routing: 'Routing rules',
  lexicon: 'Lexicon',
  elections: 'Elections',
  desks: 'Desks & webhooks',
  pipeline: 'Pipeline health',
  organisations: 'Organisations',
  users: 'Users',
  keys: 'API keys',
  audit: 'Audit trail',
};

/**
 * `#/admin/lexicon` → the lexicon screen; `#/admin` → the first admin screen; `#/incidents/<id>` →
 * the queue with that incident open; anything else is the queue.
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const simple = SIMPLE_SCREENS.find((s) => s === parts[0]);
  if (simple) return { screen: simple };
  if (parts[0] === 'incidents' && UUID.test(parts[1] ?? '')) return { screen: 'queue', incidentId: parts[1]!.toLowerCase() };
  if (parts[0] !== 'admin') return { screen: 'queue' };
  const section = (ADMIN_SECTIONS as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as AdminSection) : 'routing';
  return { screen: 'admin', section };
}

export function routeHash(route: Route): string {
  if (route.screen === 'admin') return `#/admin/${route.section}`;
  if (route.screen === 'queue') return route.incidentId ? `#/incidents/${route.incidentId}` : '#/';
  return `#/${route.screen}`;
}

/** Users without the admin role never see the admin screens, whatever the URL says. */
export function allowedRoute(route: Route, isAdmin: boolean): Route {
  return route.screen === 'admin' && !isAdmin ? { screen: 'queue' } : route;
}

/** Which screen a user lands on: the queue for the desks and leads, their organisation's reports for reporters. */
export function allowedRouteFor(route: Route, roles: readonly Role[]): Route {
  const home: Route = can(roles, 'incident.read') ? { screen: 'queue' } : { screen: 'reports' };
  switch (route.screen) {
    case 'admin':
      return can(roles, 'admin.manage') ? route : home;
    case 'report':
      return can(roles, 'report.create') ? route : home;
    case 'reports':
      return can(roles, 'report.read_own_organisation') ? route : home;
    case 'analytics':
      return can(roles, 'metrics.read') ? route : home;
    case 'queue':
      return can(roles, 'incident.read') ? route : home;
  }
}

/** The top navigation's screens for a user, in order. */
export type NavScreen = 'queue' | 'report' | 'reports' | 'analytics' | 'admin';

/**
 * Which screens the top navigation offers. "My reports" (their organisation's reports and the answers
 * to them) is the home of those who cannot see the queue, and is offered too to anyone who files
 * reports: a responder who is also a reporter, an admin.
 */
export function navScreens(roles: readonly Role[]): NavScreen[] {
  const seesQueue = can(roles, 'incident.read');
  const out: NavScreen[] = [];
  if (seesQueue) out.push('queue');
  if (can(roles, 'report.create')) out.push('report');
  if (can(roles, 'report.read_own_organisation') && (!seesQueue || can(roles, 'report.create'))) out.push('reports');
  if (can(roles, 'metrics.read')) out.push('analytics');
  if (can(roles, 'admin.manage')) out.push('admin');
  return out;
}
