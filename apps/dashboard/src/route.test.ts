import { describe, expect, it } from 'vitest';
import { allowedRoute, parseRoute, routeHash } from './route.ts';

describe('hash routes', () => {
  it('reads admin sections and falls back to the queue', () => {
    expect(parseRoute('#/admin/lexicon')).toEqual({ screen: 'admin', section: 'lexicon' });
    expect(parseRoute('#/admin')).toEqual({ screen: 'admin', section: 'routing' });
    expect(parseRoute('#/admin/nope')).toEqual({ screen: 'admin', section: 'routing' });
    expect(parseRoute('')).toEqual({ screen: 'queue' });
    expect(parseRoute('#/whatever')).toEqual({ screen: 'queue' });
  });

  it('round-trips', () => {
    for (const hash of ['#/', '#/admin/routing', '#/admin/pipeline']) expect(routeHash(parseRoute(hash))).toBe(hash);
  });

  it('keeps non-admins on the queue', () => {
    expect(allowedRoute({ screen: 'admin', section: 'desks' }, false)).toEqual({ screen: 'queue' });
    expect(allowedRoute({ screen: 'admin', section: 'desks' }, true)).toEqual({ screen: 'admin', section: 'desks' });
  });
});
