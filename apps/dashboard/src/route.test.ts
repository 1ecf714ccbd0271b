import { describe, expect, it } from 'vitest';
import { allowedRoute, allowedRouteFor, navScreens, parseRoute, routeHash } from './route.ts';

describe('hash routes', () => {
  it('reads admin sections and falls back to the queue', () => {
    expect(parseRoute('#/admin/lexicon')).toEqual({ screen: 'admin', section: 'lexicon' });
    expect(parseRoute('#/admin')).toEqual({ screen: 'admin', section: 'routing' });
    expect(parseRoute('#/admin/nope')).toEqual({ screen: 'admin', section: 'routing' });
    expect(parseRoute('')).toEqual({ screen: 'queue' });
    expect(parseRoute('#/whatever')).toEqual({ screen: 'queue' });
  });

  it('round-trips', () => {
    for (const hash of ['#/', '#/admin/routing', '#/admin/pipeline', '#/incidents/0b7c9a52-3f7e-4c1a-9d2e-5a6b7c8d9e0f']) expect(routeHash(parseRoute(hash))).toBe(hash);
  });

  it('opens an incident named by a link, and ignores what is not an incident id', () => {
    const id = '0b7c9a52-3f7e-4c1a-9d2e-5a6b7c8d9e0f';
    expect(parseRoute(`#/incidents/${id.toUpperCase()}`)).toEqual({ screen: 'queue', incidentId: id });
    expect(parseRoute('#/incidents/42')).toEqual({ screen: 'queue' });
    expect(parseRoute('#/incidents')).toEqual({ screen: 'queue' });
    expect(allowedRouteFor({ screen: 'queue', incidentId: id }, ['responder'])).toEqual({ screen: 'queue', incidentId: id });
    // Who cannot read incidents lands on their own page instead.
    expect(allowedRouteFor({ screen: 'queue', incidentId: id }, ['reporter'])).toEqual({ screen: 'reports' });
  });

  it('keeps non-admins on the queue', () => {
    expect(allowedRoute({ screen: 'admin', section: 'desks' }, false)).toEqual({ screen: 'queue' });
    expect(allowedRoute({ screen: 'admin', section: 'desks' }, true)).toEqual({ screen: 'admin', section: 'desks' });
  });
});

describe('screens by role', () => {
  it('sends each role to what it may see', () => {
    expect(parseRoute('#/report')).toEqual({ screen: 'report' });
    expect(routeHash({ screen: 'analytics' })).toBe('#/analytics');
    expect(allowedRouteFor({ screen: 'queue' }, ['reporter'])).toEqual({ screen: 'reports' });
    expect(allowedRouteFor({ screen: 'report' }, ['reporter'])).toEqual({ screen: 'report' });
    expect(allowedRouteFor({ screen: 'analytics' }, ['responder'])).toEqual({ screen: 'queue' });
    expect(allowedRouteFor({ screen: 'analytics' }, ['lead'])).toEqual({ screen: 'analytics' });
    expect(allowedRouteFor({ screen: 'admin', section: 'desks' }, ['lead'])).toEqual({ screen: 'queue' });
  });
});

describe('navigation by role', () => {
  it('offers each role its screens, and "My reports" to whoever files reports', () => {
    expect(navScreens(['reporter'])).toEqual(['report', 'reports']);
    expect(navScreens(['responder'])).toEqual(['queue']);
    expect(navScreens(['approver'])).toEqual(['queue']);
    expect(navScreens(['lead'])).toEqual(['queue', 'analytics']);
    // An EMB responder who also files reports follows the answers to them.
    expect(navScreens(['responder', 'reporter'])).toEqual(['queue', 'report', 'reports']);
    expect(navScreens(['admin'])).toEqual(['queue', 'report', 'reports', 'analytics', 'admin']);
  });

  it('offers only screens the route guard lets the user open', () => {
    const all = [['reporter'], ['responder'], ['approver'], ['lead'], ['admin'], ['responder', 'reporter']] as const;
    for (const roles of all) {
      for (const screen of navScreens(roles)) {
        const route = screen === 'admin' ? { screen, section: 'routing' as const } : { screen };
        expect(allowedRouteFor(route, roles)).toEqual(route);
      }
    }
  });
});
