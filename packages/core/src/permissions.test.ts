import { describe, expect, it } from 'vitest';
import { accessChanged } from './permissions.ts';

describe('accessChanged', () => {
  const user = { roles: ['responder', 'reporter'], deskId: 'd1', organisationId: 'o1' };

  it('ignores the order of roles, and sees a change of roles, desk or organisation', () => {
    expect(accessChanged(user, { ...user, roles: ['reporter', 'responder'] })).toBe(false);
    expect(accessChanged(user, { ...user, roles: ['reporter'] })).toBe(true);
    expect(accessChanged(user, { ...user, deskId: null })).toBe(true);
    expect(accessChanged(user, { ...user, organisationId: 'o2' })).toBe(true);
  });
});
