import { describe, expect, it } from 'vitest';
import { dayBounds } from './metrics.routes.ts';

describe('dayBounds', () => {
  it('gives the instants a calendar day starts and ends in a time zone', () => {
    expect(dayBounds('2026-11-01', 'America/La_Paz')).toEqual({ from: new Date('2026-11-01T04:00:00Z'), to: new Date('2026-11-02T04:00:00Z') });
    expect(dayBounds('2026-11-01', 'UTC')).toEqual({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') });
  });
  it('handles days that are 23 or 25 hours long (daylight saving)', () => {
    const spring = dayBounds('2026-03-29', 'Europe/Sarajevo');
    expect(spring.from.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.to.getTime() - spring.from.getTime()).toBe(23 * 3600_000);
    const autumn = dayBounds('2026-10-25', 'Europe/Sarajevo');
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * 3600_000);
  });
});
