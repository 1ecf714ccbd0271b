import { describe, expect, it } from 'vitest';
import { countsInOrder, type Limit } from './rate-limit.ts';

const key = (s: string): Limit => ({ subject: s, what: 'API key', max: 10 });

describe('countsInOrder', () => {
  it('gives each request of a batch the count it would have got alone', () => {
    // Before this batch, key:a stood at 5 and ip:1 at 0: the batch added 3 to a, 1 to b, 4 to ip:1.
    const requests = [[key('a'), key('ip:1')], [key('b'), key('ip:1')], [key('a'), key('ip:1')], [key('a'), key('ip:1')]];
    const totals = new Map([['a', 8], ['b', 1], ['ip:1', 4]]);
    expect(countsInOrder(requests, totals)).toEqual([[6, 1], [1, 2], [7, 3], [8, 4]]);
  });
});
