import type { RoutingConditions } from '@sitroom/core';
import type { Translate } from './i18n/translate.ts';

/** The ids in their new order after moving the one at `index` by `delta` places; unchanged at the ends. */
export function moveId(ids: readonly string[], index: number, delta: -1 | 1): string[] {
  const target = index + delta;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return [...ids];
  const next = [...ids];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

const CONDITIONS = ['categories', 'regions', 'languages', 'platforms', 'priorities'] as const satisfies readonly (keyof RoutingConditions)[];

/**
 * "category results · language es, ay" ("categoría results · idioma es, ay"): what a rule matches, in words,
 * with the values as the API names them; "anything" with no condition.
 */
export function describeConditions(t: Translate, conditions: RoutingConditions): string {
  const parts = CONDITIONS.filter((key) => conditions[key].length > 0).map(
    (key) => `${t(`rules.cond.${key}`)} ${(conditions[key] as readonly string[]).join(', ')}`,
  );
  return parts.length ? parts.join(' · ') : t('rules.anything');
}
