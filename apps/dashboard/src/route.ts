/** The dashboard's screens, addressed by the URL hash so a reload or a shared link opens the same one. */
export const ADMIN_SECTIONS = ['routing', 'lexicon', 'elections', 'desks', 'pipeline'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export type Route = { screen: 'queue' } | { screen: 'admin'; section: AdminSection };

export const ADMIN_SECTION_LABELS: Record<AdminSection, string> = {
  routing: 'Routing rules',
  lexicon: 'Lexicon',
  elections: 'Elections',
  desks: 'Desks & webhooks',
  pipeline: 'Pipeline health',
};

/** `#/admin/lexicon` → the lexicon screen; `#/admin` → the first admin screen; anything else is the queue. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] !== 'admin') return { screen: 'queue' };
  const section = (ADMIN_SECTIONS as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as AdminSection) : 'routing';
  return { screen: 'admin', section };
}

export function routeHash(route: Route): string {
  return route.screen === 'admin' ? `#/admin/${route.section}` : '#/';
}

/** Users without the admin role never see the admin screens, whatever the URL says. */
export function allowedRoute(route: Route, isAdmin: boolean): Route {
  return route.screen === 'admin' && !isAdmin ? { screen: 'queue' } : route;
}
