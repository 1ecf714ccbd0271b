import { describe, expect, it } from 'vitest';
import { createDraftStore, reportDraftKey, type DraftStorage } from './draft-store.ts';

interface Values {
  claim: string;
}
const isValues = (value: unknown): value is Values => typeof value === 'object' && value !== null && typeof (value as Values).claim === 'string';

function memory(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const fixedNow = () => new Date('2026-11-24T18:00:00Z');

describe('draft store', () => {
  it('keeps a draft per user and restores it', () => {
    const storage = memory();
    const store = createDraftStore(storage, reportDraftKey('u1'), isValues, fixedNow);
    expect(store.load()).toBeNull();
    store.save({ claim: 'La mesa 14 fue trasladada' });
    const again = createDraftStore(storage, reportDraftKey('u1'), isValues, fixedNow).load();
    expect(again).toEqual({ values: { claim: 'La mesa 14 fue trasladada' }, pending: false, submissionId: null, savedAt: '2026-11-24T18:00:00.000Z' });
    expect(createDraftStore(storage, reportDraftKey('u2'), isValues).load()).toBeNull();
  });

  it('keeps pending and the submission id across later keystrokes until cleared', () => {
    const storage = memory();
    const store = createDraftStore(storage, 'k', isValues, fixedNow);
    store.save({ claim: 'a' }, { pending: true, submissionId: 's-1' });
    store.save({ claim: 'ab' });
    expect(store.load()).toMatchObject({ values: { claim: 'ab' }, pending: true, submissionId: 's-1' });
    store.save({ claim: 'abc' }, { pending: false });
    expect(store.load()).toMatchObject({ pending: false, submissionId: 's-1' });
    store.clear();
    expect(store.load()).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('ignores corrupt, foreign or old-format entries', () => {
    const storage = memory();
    const store = createDraftStore(storage, 'k', isValues);
    storage.setItem('k', '{not json');
    expect(store.load()).toBeNull();
    storage.setItem('k', JSON.stringify({ format: 1, draft: { values: { claim: 42 } } }));
    expect(store.load()).toBeNull();
    storage.setItem('k', JSON.stringify({ format: 0, draft: { values: { claim: 'x' } } }));
    expect(store.load()).toBeNull();
  });

  it('still works in memory when storage throws (quota, private mode)', () => {
    const throwing: DraftStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const store = createDraftStore(throwing, 'k', isValues);
    store.save({ claim: 'x' }, { pending: true });
    expect(store.load()).toMatchObject({ values: { claim: 'x' }, pending: true });
    store.clear();
    expect(store.load()).toBeNull();
  });
});
