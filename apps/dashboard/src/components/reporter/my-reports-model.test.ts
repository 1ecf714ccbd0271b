import { describe, expect, it } from 'vitest';
import { newlyAnswered } from './my-reports-model.ts';

describe('newlyAnswered', () => {
  it('finds rows whose answer just arrived, not ones answered already or new rows', () => {
    const answer = { verdict: 'false', text: 'x' };
    const before = [{ id: 'a', answer: null }, { id: 'b', answer }, { id: 'c', answer: null }];
    const after = [{ id: 'n', answer }, { id: 'a', answer }, { id: 'b', answer }, { id: 'c', answer: null }];
    expect(newlyAnswered(before, after)).toEqual(['a']);
    expect(newlyAnswered([], after)).toEqual([]);
  });
});
