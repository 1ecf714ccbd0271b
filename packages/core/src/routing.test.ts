import { describe, expect, it } from 'vitest';
import { daysToPolling, localDate, matchLexicon, normalizeLexiconTerm, routeIncident, slaDeadlines, type RoutingRule } from './routing.ts';
import { RoutingConditions } from './routing.ts';
import { DEFAULT_SLA } from './triage-settings.schema.ts';

const rule = (id: string, position: number, conditions: Partial<RoutingConditions>, enabled = true): RoutingRule => ({
  id, name: id, position, enabled, deskId: `desk-${id}`, conditions: RoutingConditions.parse(conditions),
});
const facts = { category: 'results', region: 'LP', language: 'es-BO', platform: 'whatsapp', priority: 'P2' } as const;

describe('routeIncident', () => {
  it('first matching rule wins, in position order', () => {
    const d = routeIncident([rule('b', 2, { categories: ['results'] }), rule('a', 1, { regions: ['LP'] })], facts, 'default');
    expect(d.ruleId).toBe('a');
    expect(d.reason).toContain('region LP');
  });
  it('skips disabled rules and explains each miss', () => {
    const d = routeIncident([rule('a', 1, { regions: ['LP'] }, false), rule('b', 2, { categories: ['hate_speech'] })], facts, 'default');
    expect(d.deskId).toBe('default');
    expect(d.evaluated.map((e) => e.why)).toEqual(['disabled', 'category results is not one of hate_speech']);
  });
  it('matches a language rule on the primary subtag', () => {
    expect(routeIncident([rule('a', 1, { languages: ['es'] })], facts, null).ruleId).toBe('a');
  });
  it('needs every condition given', () => {
    expect(routeIncident([rule('a', 1, { categories: ['results'], priorities: ['P1'] })], facts, 'd').deskId).toBe('d');
  });
  it('a rule without region never matches an incident without region if it names regions', () => {
    expect(routeIncident([rule('a', 1, { regions: ['LP'] })], { ...facts, region: null }, 'd').deskId).toBe('d');
  });
});

describe('matchLexicon', () => {
  const terms = ['quemar', 'hay que matar*', 'indio*', 'fraude total'].map((t) => ({ term: t, termNorm: normalizeLexiconTerm(t), kind: 'violence' as const, weight: 5 }));
  it('matches whole words and phrases, not parts of words', () => {
    expect(matchLexicon('vamos a quemar las actas', terms).map((t) => t.term)).toEqual(['quemar']);
    expect(matchLexicon('quemaron las actas', terms)).toEqual([]);
  });
  it('a trailing * matches word starts', () => {
    expect(matchLexicon('esos indios no votan', terms).map((t) => t.term)).toEqual(['indio*']);
    expect(matchLexicon('hay que matarlos a todos', terms).map((t) => t.term)).toEqual(['hay que matar*']);
  });
  it('terms are normalised like claims', () => {
    expect(normalizeLexiconTerm('  Fraude TOTAL! ')).toBe('fraude total');
  });
});

describe('election calendar', () => {
  it('takes the calendar day in the election time zone', () => {
    // 02:00 UTC on the 8th is still the 7th in La Paz (UTC-4).
    expect(localDate(new Date('2026-12-08T02:00:00Z'), 'America/La_Paz')).toBe('2026-12-07');
    expect(daysToPolling(new Date('2026-12-08T02:00:00Z'), '2026-12-08', 'America/La_Paz')).toBe(1);
    expect(daysToPolling(new Date('2026-12-08T05:00:00Z'), '2026-12-08', 'America/La_Paz')).toBe(0);
    expect(daysToPolling(new Date('2026-12-10T12:00:00Z'), '2026-12-08', 'America/La_Paz')).toBe(-2);
  });
  it('SLA deadlines follow the priority', () => {
    const from = new Date('2026-12-08T12:00:00Z');
    const d = slaDeadlines(from, 'P1', DEFAULT_SLA);
    expect(d.acknowledgeBy.toISOString()).toBe('2026-12-08T12:15:00.000Z');
    expect(d.rebuttalBy.toISOString()).toBe('2026-12-08T14:00:00.000Z');
  });
});
