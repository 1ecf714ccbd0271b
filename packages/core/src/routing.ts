import { z } from 'zod';
import { CATEGORIES, PLATFORMS, PRIORITIES, type Category, type Platform, type Priority } from './vocab.ts';
import { normalizeClaim } from './normalize.ts';
import type { SlaTarget, TriageSettings } from './triage-settings.schema.ts';

/** Conditions of a routing rule: each list given must contain the incident's value; empty lists match anything. */
export const RoutingConditions = z.strictObject({
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).default([]),
  regions: z.array(z.string().min(1).max(32)).max(200).default([]),
  languages: z.array(z.string().min(2).max(35)).max(100).default([]),
  platforms: z.array(z.enum(PLATFORMS)).max(PLATFORMS.length).default([]),
  priorities: z.array(z.enum(PRIORITIES)).max(4).default([]),
});
export type RoutingConditions = z.infer<typeof RoutingConditions>;

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RoutingConditions;
  deskId: string;
}

export interface RoutingFacts {
  category: Category;
  region: string | null;
  language: string;
  platform: Platform;
  priority: Priority;
}

export interface RuleEvaluation {
  ruleId: string;
  name: string;
  matched: boolean;
  why: string;
}

export interface RouteDecision {
  deskId: string | null;
  ruleId: string | null;
  reason: string;
  evaluated: RuleEvaluation[];
}

const CONDITION_FIELDS = [
  ['categories', 'category'],
  ['regions', 'region'],
  ['languages', 'language'],
  ['platforms', 'platform'],
  ['priorities', 'priority'],
] as const;

/** Why a rule does or does not match; the first unmet condition is named. */
export function evaluateRule(rule: RoutingRule, facts: RoutingFacts): RuleEvaluation {
  if (!rule.enabled) return { ruleId: rule.id, name: rule.name, matched: false, why: 'disabled' };
  const met: string[] = [];
  for (const [list, field] of CONDITION_FIELDS) {
    const allowed = rule.conditions[list] as readonly string[];
    if (allowed.length === 0) continue;
    const value = facts[field];
    const ok = value !== null && (field === 'language' ? allowed.some((l) => value === l || value.startsWith(`${l}-`)) : allowed.includes(value));
    if (!ok) return { ruleId: rule.id, name: rule.name, matched: false, why: `${field} ${value ?? '(none)'} is not one of ${allowed.join(', ')}` };
    met.push(`${field} ${value}`);
  }
  return { ruleId: rule.id, name: rule.name, matched: true, why: met.length ? `matches ${met.join(', ')}` : 'matches everything' };
}

/** Ordered rules, first match wins; no match goes to the default desk. */
export function routeIncident(rules: readonly RoutingRule[], facts: RoutingFacts, defaultDeskId: string | null): RouteDecision {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  const evaluated: RuleEvaluation[] = [];
  for (const rule of ordered) {
    const result = evaluateRule(rule, facts);
    evaluated.push(result);
    if (result.matched) return { deskId: rule.deskId, ruleId: rule.id, reason: `rule "${rule.name}": ${result.why}`, evaluated };
  }
  return { deskId: defaultDeskId, ruleId: null, reason: 'no rule matched: default desk', evaluated };
}

export interface LexiconTerm {
  term: string;
  termNorm: string;
  kind: 'violence' | 'hate';
  weight: number;
}

/**
 * Lexicon terms found in a normalised claim: whole words or phrases, and a trailing `*` matches
 * any word starting so (`mat*` matches `matar`, `maten`).
 */
export function matchLexicon(claimNorm: string, terms: readonly LexiconTerm[]): LexiconTerm[] {
  const padded = ` ${claimNorm} `;
  const words = claimNorm.split(' ');
  return terms.filter((t) => {
    if (t.termNorm.endsWith('*')) {
      const stem = t.termNorm.slice(0, -1).trim();
      if (!stem) return false;
      if (stem.includes(' ')) {
        const idx = padded.indexOf(` ${stem}`);
        return idx >= 0;
      }
      return words.some((w) => w.startsWith(stem));
    }
    return padded.includes(` ${t.termNorm} `);
  });
}

/** How a lexicon term is stored for matching: the claim normalisation, keeping a trailing `*`. */
export function normalizeLexiconTerm(term: string): string {
  const star = term.trim().endsWith('*');
  const norm = normalizeClaim(term);
  return star ? `${norm}*` : norm;
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Whole days from `at` (in the election's time zone) to polling day; negative after it. */
export function daysToPolling(at: Date, pollingDay: string, timeZone: string): number {
  const today = Date.parse(`${localDate(at, timeZone)}T00:00:00Z`);
  const polling = Date.parse(`${pollingDay}T00:00:00Z`);
  return Math.round((polling - today) / 86_400_000);
}

/** SLA deadlines for an incident triaged at `from` with a priority. */
export function slaDeadlines(from: Date, priority: Priority, sla: TriageSettings['sla']): { acknowledgeBy: Date; rebuttalBy: Date; target: SlaTarget } {
  const target = sla[priority];
  return {
    acknowledgeBy: new Date(from.getTime() + target.acknowledgeMinutes * 60_000),
    rebuttalBy: new Date(from.getTime() + target.rebuttalMinutes * 60_000),
    target,
  };
}
