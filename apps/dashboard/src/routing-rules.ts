import type { RoutingConditions } from '@sitroom/core';

/** The ids in their new order after moving the one at `index` by `delta` places; unchanged at the ends. */
export function moveId(ids: readonly string[], index: number, delta: -1 | 1): string[] {
  const target = index + delta;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) return [...ids];
  const next = [...ids];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

const CONDITION_LABELS: [keyof RoutingConditions, string][] = [
  ['categories', 'category'],
  ['regions', 'region'],
  ['languages', 'language'],
  ['platforms', 'platform'],
  ['priorities', 'priority'],
];

/** "category results · language es, ay": what a rule matches, in words; "anything" with no condition. */
export function describeConditions(conditions: RoutingConditions): string {
  const parts = CONDITION_LABELS.filter(([key]) => conditions[key].length > 0).map(
    ([key, label]) => `${label} ${(conditions[key] as readonly string[]).join(', ')}`,
  );
  return parts.length ? parts.join(' · ') : 'anything';
}
