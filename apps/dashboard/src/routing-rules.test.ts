import { describe, expect, it } from 'vitest';
import { RoutingConditions } from '@sitroom/core';
import { describeConditions, moveId } from './routing-rules.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);
const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);

describe('moveId', () => {
  it('swaps with the neighbour and leaves the ends alone', () => {
    expect(moveId(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveId(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveId(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveId(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('always lists every id once, as the reorder endpoint requires', () => {
    const moved = moveId(['a', 'b', 'c', 'd'], 2, -1);
    expect([...moved].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('describeConditions', () => {
  it('says what a rule matches', () => {
    expect(describeConditions(en, RoutingConditions.parse({}))).toBe('anything');
    expect(describeConditions(en, RoutingConditions.parse({ categories: ['results'], languages: ['es', 'ay'] }))).toBe(
      'category results · language es, ay',
    );
    expect(describeConditions(es, RoutingConditions.parse({ categories: ['results'], languages: ['es', 'ay'] }))).toBe(
      'categoría results · idioma es, ay',
    );
    expect(describeConditions(es, RoutingConditions.parse({}))).toBe('cualquier incidente');
  });
});
