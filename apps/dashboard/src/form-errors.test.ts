import { describe, expect, it } from 'vitest';
import { DeskWebhookInput, LexiconTermInput, RoutingRuleInput, TriageSettings } from '@sitroom/core';
import { ApiError } from './api.ts';
import { errorsFromApi, fieldError, numberOrText, splitList, unplacedErrors, validate } from './form-errors.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);

describe('validate with the API schemas', () => {
  it('gives the dotted paths the API would answer with', () => {
    const result = validate(RoutingRuleInput, { name: '', deskId: 'nope', conditions: { categories: ['results', 'bogus'] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['conditions.categories.1', 'deskId', 'name']);
  });

  it('returns the parsed body with defaults filled in', () => {
    const result = validate(LexiconTermInput, { language: 'es', term: 'matar', kind: 'violence', weight: 5 });
    expect(result).toEqual({ ok: true, data: { language: 'es', term: 'matar', kind: 'violence', weight: 5, enabled: true } });
  });

  it('places cross-field refinements where the schema says', () => {
    const cutoffs = validate(TriageSettings, { cutoffs: { P1: 30, P2: 50, P3: 20 } });
    expect(cutoffs.ok || cutoffs.errors['cutoffs.P1']).toBe('must descend: P1 > P2 > P3');
    const webhook = validate(DeskWebhookInput, { url: 'https://example.org/hook', secret: null });
    expect(webhook.ok || fieldError(webhook.errors, 'secret')).toMatch(/give both url and secret/);
  });

  it('speaks the reader\'s language when given a translator, keeping wording it does not know', () => {
    const result = validate(LexiconTermInput, { language: 'es', term: '', kind: 'violence', weight: 5, extra: 1 }, es);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.term).toBe('Este campo es obligatorio.');
    expect(result.errors.extra).toBe('Este campo no se acepta.');
    const cutoffs = validate(TriageSettings, { cutoffs: { P1: 30, P2: 50, P3: 20 } }, es);
    expect(cutoffs.ok || cutoffs.errors['cutoffs.P1']).toBe('must descend: P1 > P2 > P3');
  });
});

describe('errorsFromApi', () => {
  it('maps a 400 body details to fields; other errors have none', () => {
    const bad = new ApiError(400, 'validation_failed', 'Invalid', [
      { path: 'deskId', message: 'is not a desk' },
      { path: 'deskId', message: 'second' },
    ]);
    expect(errorsFromApi(bad)).toEqual({ deskId: 'is not a desk' });
    expect(errorsFromApi(new ApiError(409, 'conflict', 'Taken', [{ path: 'x', message: 'y' }]))).toEqual({});
    expect(errorsFromApi(new Error('boom'))).toEqual({});
    const empty = new ApiError(400, 'validation_failed', 'Invalid', [{ path: 'name', message: 'must not be empty' }]);
    expect(errorsFromApi(empty, es)).toEqual({ name: 'Este campo es obligatorio.' });
  });
});

describe('fieldError and unplacedErrors', () => {
  const errors = { 'conditions.regions.2': 'too long', 'sla.P1.acknowledgeMinutes': 'too small', settings: 'odd' };

  it('finds nested errors only when asked', () => {
    expect(fieldError(errors, 'conditions.regions')).toBeUndefined();
    expect(fieldError(errors, 'conditions.regions', true)).toBe('too long');
  });

  it('lists what no field shows', () => {
    expect(unplacedErrors(errors, ['conditions.regions', 'sla'])).toEqual([{ path: 'settings', message: 'odd' }]);
  });
});

describe('text helpers', () => {
  it('splits comma lists and drops blanks', () => {
    expect(splitList(' es, ay ,, qu ')).toEqual(['es', 'ay', 'qu']);
    expect(splitList('')).toEqual([]);
  });

  it('turns number text into numbers, leaving the rest for the schema to reject', () => {
    expect(numberOrText(' 12 ')).toBe(12);
    expect(numberOrText('0.5')).toBe(0.5);
    expect(numberOrText('')).toBe('');
    expect(numberOrText('abc')).toBe('abc');
  });
});
