import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesced } from './coalesce.ts';

describe('coalesced', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once after a quiet spell, then once at the end of a burst, however many asks it holds', () => {
    const run = vi.fn();
    const c = coalesced(run, 2_000);
    c.request();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) c.request();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2_000);
    expect(run).toHaveBeenCalledTimes(2);
    // Quiet: the spell ends with no run, and the next ask runs at once.
    vi.advanceTimersByTime(2_000);
    expect(run).toHaveBeenCalledTimes(2);
    c.request();
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('runs nothing after cancel', () => {
    const run = vi.fn();
    const c = coalesced(run, 2_000);
    c.request();
    c.request();
    c.cancel();
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
