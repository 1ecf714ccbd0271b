import { describe, expect, it } from 'vitest';
import type { DisarmTag } from '@sitroom/core';
import { disarmErrors, disarmFieldFor, disarmMessage, planAdd, planRemove, shownTags, versionLabel } from './disarm-tags.ts';
import { messageText } from './components/reporter/field-issues.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);
const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);

function tag(id: string, frameworkVersion = '1.4'): DisarmTag {
  return { id, name: null, frameworkVersion, taggedBy: 'Ana', taggedAt: '2025-05-01T10:00:00.000Z' };
}

describe('planAdd', () => {
  it('sends the whole set with the new id, upper-cased, at the version on screen', () => {
    const plan = planAdd([tag('TA06')], { id: '  t0023.001 ', frameworkVersion: '1.4' }, 7);
    expect(plan).toEqual({ ok: true, id: 'T0023.001', change: { tags: ['TA06', 'T0023.001'], frameworkVersion: '1.4', version: 7 } });
  });

  it('says an id the incident already has, whatever its case, instead of sending it', () => {
    const plan = planAdd([tag('TA06'), tag('T0023')], { id: 'ta06', frameworkVersion: '1.4' }, 3);
    expect(plan).toEqual({ ok: false, errors: { id: { key: 'disarm.duplicate', vars: { id: 'TA06' } } } });
    expect(plan.ok || messageText(en, plan.errors.id!)).toBe('TA06 is already on this incident.');
  });

  it('refuses what is not a DISARM id, on the id field, in the reader\'s language', () => {
    for (const id of ['X12', 'TA6', 'T23', 'T0023.1', 'TA06 Develop Content']) {
      const plan = planAdd([], { id, frameworkVersion: '1.4' }, 1);
      expect(plan.ok, id).toBe(false);
      if (plan.ok) continue;
      expect(plan.errors, id).toEqual({ id: { key: 'disarm.err.id' } });
    }
    const plan = planAdd([], { id: 'X12', frameworkVersion: '1.4' }, 1);
    expect(plan.ok || messageText(es, plan.errors.id!)).toMatch(/^Escriba un identificador de táctica como TA06/);
  });

  it('asks for an id when there is none, and checks the framework version', () => {
    expect(planAdd([], { id: '   ', frameworkVersion: '1.4' }, 1)).toEqual({ ok: false, errors: { id: { key: 'err.empty' } } });
    expect(planAdd([], { id: 'TA06', frameworkVersion: 'latest' }, 1)).toEqual({ ok: false, errors: { frameworkVersion: { key: 'disarm.err.version' } } });
    expect(planAdd([], { id: 'TA06', frameworkVersion: 'v1.5' }, 1)).toMatchObject({ ok: true, change: { frameworkVersion: '1.5' } });
  });

  it('stops at the API\'s limit of tags', () => {
    const thirty = Array.from({ length: 30 }, (_, n) => tag(`T${String(n).padStart(4, '0')}`));
    const plan = planAdd(thirty, { id: 'TA06', frameworkVersion: '1.4' }, 1);
    expect(plan).toEqual({ ok: false, errors: { id: { key: 'disarm.err.tooMany', vars: { max: '30' } } } });
  });
});

describe('planRemove', () => {
  it('sends the set without the id, and no framework version (kept tags keep theirs)', () => {
    expect(planRemove([tag('T0023.001', '1.2'), tag('TA06')], 'TA06', 9)).toEqual({ tags: ['T0023.001'], version: 9 });
    expect(planRemove([tag('TA06')], 'TA06', 2)).toEqual({ tags: [], version: 2 });
  });
});

describe('the API\'s 400 details', () => {
  it('go to the field that shows them; anything else to the form', () => {
    expect(disarmFieldFor('tags.0')).toBe('id');
    expect(disarmFieldFor('tags')).toBe('id');
    expect(disarmFieldFor('frameworkVersion')).toBe('frameworkVersion');
    expect(disarmFieldFor('version')).toBe('(form)');
    const errors = disarmErrors([
      { path: 'tags.0', message: 'must be a DISARM tactic id (TA06) or technique id (T0023, T0023.001)' },
      { path: 'tags.1', message: 'must be a DISARM tactic id (TA06) or technique id (T0023, T0023.001)' },
      { path: 'version', message: 'Too small: expected number to be >=1' },
    ]);
    expect(errors).toEqual({ id: { key: 'disarm.err.id' }, '(form)': { text: 'Too small: expected number to be >=1' } });
  });

  it('keep wording the catalogue does not know', () => {
    expect(disarmMessage('is not a known field')).toEqual({ text: 'is not a known field' });
  });
});

describe('shownTags', () => {
  const detail = { version: 4, disarmTags: [tag('TA06')] };

  it('shows what a save answered until the detail catches up with it', () => {
    const saved = { version: 5, tags: [tag('TA06'), tag('T0023')] };
    expect(shownTags(detail, saved)).toBe(saved);
    expect(shownTags({ ...detail, version: 5 }, saved)).toEqual({ version: 5, tags: detail.disarmTags });
    expect(shownTags({ ...detail, version: 6 }, saved)).toEqual({ version: 6, tags: detail.disarmTags });
    expect(shownTags(detail, null)).toEqual({ version: 4, tags: detail.disarmTags });
  });

  it('shows none when the API answered without tags', () => {
    expect(shownTags({ version: 1 }, null)).toEqual({ version: 1, tags: [] });
  });
});

describe('versionLabel', () => {
  it('prefixes a v once', () => {
    expect(versionLabel('1.4')).toBe('v1.4');
    expect(versionLabel('v1.2')).toBe('v1.2');
  });
});
