import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './micro-batch.ts';

const tick = () => new Promise((r) => setImmediate(r));

/** One slot, batches of two, the first batch held until `release()`; records each batch. */
function gatedBatcher() {
  const batches: number[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const b = new MicroBatcher<number, number>({
    maxBatch: 2, maxInFlight: 1,
    run: async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items;
    },
  });
  return { batches, release, b };
}

describe('MicroBatcher', () => {
  it('carries calls made together in one batch, each resolving with its own result', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, number>({ maxBatch: 100, maxInFlight: 1, run: async (items) => (batches.push(items), items.map((n) => n * 2)) });
    const results = await Promise.all([1, 2, 3].map((n) => b.add(n)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('gathers items while every slot is busy, and splits at maxBatch', async () => {
    const { batches, release, b } = gatedBatcher();
    const first = b.add(0);
    await tick();
    const later = [1, 2, 3].map((n) => b.add(n));
    await tick();
    expect(batches).toEqual([[0]]);
    expect(b.backlog).toBe(3);
    release();
    expect(await Promise.all([first, ...later])).toEqual([0, 1, 2, 3]);
    expect(batches).toEqual([[0], [1, 2], [3]]);
    expect(b.stats).toEqual({ batches: 3, items: 4, largest: 2 });
  });

  it('runs up to maxInFlight batches at once', async () => {
    let running = 0;
    let most = 0;
    const b = new MicroBatcher<number, number>({
      maxBatch: 1, maxInFlight: 3,
      run: async (items) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return items;
      },
    });
    await Promise.all(Array.from({ length: 9 }, (_, i) => b.add(i)));
    expect(most).toBe(3);
  });

  it('rejects only the item whose result is an Error, and every item when the batch fails', async () => {
    const perItem = new MicroBatcher<number, number>({ maxBatch: 10, maxInFlight: 1, run: async (items) => items.map((n) => (n === 2 ? new Error('two') : n)) });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => perItem.add(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    let down = true;
    const failing = new MicroBatcher<number, number>({ maxBatch: 10, maxInFlight: 1, run: async (items) => { if (down) throw new Error('down'); return items; } });
    const all = await Promise.allSettled([1, 2].map((n) => failing.add(n)));
    expect(all.map((s) => s.status === 'rejected' && (s.reason as Error).message)).toEqual(['down', 'down']);
    // The same batcher works again once its batches do.
    down = false;
    expect(await failing.add(7)).toBe(7);
  });

  it('refuses a batch that answers the wrong number of results', async () => {
    const b = new MicroBatcher<number, number>({ maxBatch: 10, maxInFlight: 1, run: async () => [1] });
    await expect(Promise.all([b.add(1), b.add(2)])).rejects.toThrow(/answered 1 results/);
  });

  it('drains: resolves once everything added has run', async () => {
    const done: number[] = [];
    const b = new MicroBatcher<number, void>({
      maxBatch: 2, maxInFlight: 1,
      run: async (items) => {
        await new Promise((r) => setTimeout(r, 5));
        done.push(...items);
        return items.map(() => undefined);
      },
    });
    await b.drain();
    for (const n of [1, 2, 3, 4, 5]) void b.add(n);
    await b.drain();
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts an item added with first ahead of those waiting, at the head of the next batch', async () => {
    const { batches, release, b } = gatedBatcher();
    const running = b.add(0);
    await tick();
    const later = [b.add(1), b.add(2), b.add(3, { first: true })];
    release();
    await Promise.all([running, ...later]);
    expect(batches).toEqual([[0], [3, 1], [2]]);
  });
});
