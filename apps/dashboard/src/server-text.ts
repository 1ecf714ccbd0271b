import { CATEGORIES, PLATFORMS, type Category, type Platform, type ScoreFactor } from '@sitroom/core';
import { categoryLabel, platformLabel } from './format.ts';
import { en } from './i18n/en.ts';
import type { Language, MessageKey, Translate } from './i18n/translate.ts';

/**
 * Wording the API and the triage worker write in English (score breakdown, routing reasons, timeline
 * details, notification messages), put in the reader's language. Each known shape is matched and said
 * with catalogue messages, with the values it carries; anything else is shown as the server wrote it,
 * so new server wording is never lost, only untranslated until it is added here.
 */

type Rule = [RegExp, (match: RegExpMatchArray) => string];

function firstMatch(text: string, rules: readonly Rule[]): string | null {
  for (const [pattern, say] of rules) {
    const match = text.match(pattern);
    if (match) return say(match);
  }
  return null;
}

function known(key: string): key is MessageKey {
  return key in en;
}

const count = (t: Translate, one: MessageKey, many: MessageKey, n: number) => t(n === 1 ? one : many, { n });
const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);
const isPlatform = (value: string): value is Platform => (PLATFORMS as readonly string[]).includes(value);

/** "Reach" / "Alcance": a score factor's name. */
export function scoreFactorLabel(t: Translate, factor: Pick<ScoreFactor, 'factor' | 'label'>): string {
  const key = `score.${factor.factor}`;
  return known(key) ? t(key) : factor.label;
}

/** "about 1,200 views or shares" / "unas 1.200 visualizaciones o veces compartido": why a factor scored what it did. */
export function scoreFactorDetail(t: Translate, language: Language, factor: Pick<ScoreFactor, 'factor' | 'detail'>): string {
  const { detail } = factor;
  const number = (digits: string) => Number(digits.replace(/,/g, '')).toLocaleString(language);
  switch (factor.factor) {
    case 'category': {
      const value = detail.replace(/ /g, '_');
      return isCategory(value) ? categoryLabel(t, value) : detail;
    }
    case 'platform':
      return isPlatform(detail) ? platformLabel(t, detail) : detail;
    default:
      return (
        firstMatch(detail, [
          [/^about ([\d,]+) views or shares$/, (m) => t('score.d.reach', { n: number(m[1]!) })],
          [/^no reach estimate$/, () => t('score.d.noReach')],
          [/^(\d+) reports? in the last hour$/, (m) => count(t, 'score.d.velocityOne', 'score.d.velocityMany', Number(m[1]))],
          [/^(\d+) organisations?, (\d+) reports?$/, (m) =>
            `${count(t, 'score.d.orgsOne', 'score.d.orgsMany', Number(m[1]))}, ${count(t, 'score.d.reportsOne', 'score.d.reportsMany', Number(m[2]))}`],
          [/^no active election$/, () => t('score.d.noElection')],
          [/^polling day$/, () => t('score.d.pollingDay')],
          [/^(\d+) days? before polling day$/, (m) => count(t, 'score.d.daysBeforeOne', 'score.d.daysBeforeMany', Number(m[1]))],
          [/^(\d+) days? after polling day$/, (m) => count(t, 'score.d.daysAfterOne', 'score.d.daysAfterMany', Number(m[1]))],
          [/^no lexicon term matched$/, () => t('score.d.noTerm')],
          [/^matched: (.+)$/, (m) =>
            t('score.d.matched', {
              terms: m[1]!.replace(/\((violence|hate)\)/g, (_, kind: string) => `(${t(kind === 'violence' ? 'panel.term.violence' : 'panel.term.hate').toLowerCase()})`),
            })],
          [/^no region given$/, () => t('score.d.noRegion')],
          [/^(.+): sensitivity (\d+) of 3$/, (m) => t('score.d.region', { region: m[1]!, n: m[2]! })],
          [/^not enough resolved reports yet$/, () => t('score.d.noRecord')],
          [/^(\d+) of (\d+) resolved reports rebutted$/, (m) => t('score.d.record', { n: m[1]!, of: m[2]! })],
        ]) ?? detail
      );
  }
}

/** One rule's verdict on a sample ("matches category results" / "coincide con categoría results"). */
export function ruleWhy(t: Translate, why: string): string {
  const field = (name: string) => (known(`route.field.${name}`) ? t(`route.field.${name}` as MessageKey) : name);
  return (
    firstMatch(why, [
      [/^disabled$/, () => t('route.disabled')],
      [/^matches everything$/, () => t('route.matchesEverything')],
      [/^matches (.+)$/, (m) =>
        t('route.matches', { conditions: m[1]!.split(', ').map((part) => part.replace(/^(\w+) /, (_, name: string) => `${field(name)} `)).join(', ') })],
      [/^(\w+) (.+) is not one of (.+)$/, (m) =>
        t('route.notOneOf', { field: field(m[1]!), value: m[2] === '(none)' ? t('route.none') : m[2]!, allowed: m[3]! })],
    ]) ?? why
  );
}

/** Why an incident went to its desk ("no rule matched: default desk" / "ninguna regla coincidió: equipo por defecto"). */
export function routeReason(t: Translate, reason: string): string {
  return (
    firstMatch(reason, [
      [/^no rule matched: default desk$/, () => t('route.default')],
      [/^rule "(.*)": (.*)$/, (m) => t('route.rule', { name: m[1]!, why: ruleWhy(t, m[2]!) })],
    ]) ?? reason
  );
}

/** A timeline entry's detail, as the audit trail describes the change. */
export function timelineDetail(t: Translate, detail: string, formatTime: (iso: string) => string): string {
  const status = (value: string) => (known(`status.${value}`) ? t(`status.${value}` as MessageKey) : value.replace(/_/g, ' '));
  const clock = (value: string) => (value === 'rebuttal' ? t('sla.clock.rebuttal') : value === 'acknowledge' || value === 'acknowledgement' ? t('sla.clock.acknowledgement') : value);
  return (
    firstMatch(detail, [
      [/^Created from a report, (P\d) \(severity (\d+)\)$/, (m) => t('tl.d.created', { priority: m[1]!, severity: m[2]! })],
      [/^Reopened by a new report \(it was (\w+)\); back to (\w+)$/, (m) => t('tl.d.reopened', { from: status(m[1]!), to: status(m[2]!) })],
      [/^Report added: (\d+) reports from (\d+) organisations, (P\d) \(severity (\d+)\)$/, (m) =>
        t('tl.d.reportAdded', { reports: m[1]!, orgs: m[2]!, priority: m[3]!, severity: m[4]! })],
      [/^Routed to (.*?): (.*)$/, (m) => t('tl.d.routed', { desk: m[1] === 'a desk' ? t('tl.d.aDesk') : m[1]!, reason: routeReason(t, m[2]!) })],
      [/^Acknowledged$/, () => t('status.acknowledged')],
      [/^Missed the (\w+) deadline \((.+)\); escalated to the desk's approvers$/, (m) =>
        t('tl.d.breached', { clock: clock(m[1]!), due: formatTime(m[2]!) })],
      [/^Still unmet: escalated to the coalition lead$/, () => t('tl.d.escalated')],
      [/^Priority changed to (P\d); SLA clocks recomputed$/, (m) => t('tl.d.reprioritised', { priority: m[1]! })],
      [/^DISARM tags removed$/, () => t('tl.d.disarmRemoved')],
    ]) ?? detail
  );
}

/** A notification's message ("SLA missed: acknowledge deadline for "…"" and the like). */
export function notificationMessage(t: Translate, message: string): string {
  const clock = (value: string) => (value === 'rebuttal' ? t('sla.clock.rebuttal') : t('sla.clock.acknowledgement'));
  return (
    firstMatch(message, [
      [/^SLA missed: (\w+) deadline for "(.*)"$/s, (m) => t('notif.m.breached', { clock: clock(m[1]!), title: m[2]! })],
      [/^Escalated: (\w+) still unmet for "(.*)"$/s, (m) => t('notif.m.escalated', { clock: clock(m[1]!), title: m[2]! })],
      [/^The electoral body answered a claim you reported: (.+)$/, (m) => {
        const verdict = m[1]!.replace(/ /g, '_');
        return t('notif.m.answered', { verdict: known(`verdict.${verdict}`) ? t(`verdict.${verdict}` as MessageKey) : m[1]! });
      }],
    ]) ?? message
  );
}
