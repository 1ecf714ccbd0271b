import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { es } from './es.ts';
import { initialLanguage, labelOf, languageStorageKey, storeLanguage, translate } from './translate.ts';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

describe('message catalogues', () => {
  it('have the same keys and no empty message', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(es)) expect(message, key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'report.queued', { id: 'abc' })).toBe('Report abc received: queued for triage.');
    expect(translate('es', 'report.urlN', { n: 2 })).toBe('Enlace 2');
    expect(translate('en', 'report.urlN')).toBe('Link {n}');
  });

  it('labels API values, falling back to the value', () => {
    const t = (key: keyof typeof en) => translate('es', key);
    expect(labelOf(t, 'verdict', 'missing_context')).toBe('Falta contexto');
    expect(labelOf(t, 'incidentStatus', 'someday_new')).toBe('someday new');
  });
});

describe('remembered language', () => {
  it('is kept per user', () => {
    const storage = memoryStorage();
    storeLanguage(storage, 'user-1', 'es');
    expect(storage.getItem(languageStorageKey('user-1'))).toBe('es');
    expect(initialLanguage(storage, 'user-1', ['en-GB'])).toBe('es');
    expect(initialLanguage(storage, 'user-2', ['en-GB'])).toBe('en');
  });

  it('starts from the browser language when nothing is stored, and ignores junk', () => {
    const storage = memoryStorage();
    storage.setItem(languageStorageKey('u'), 'klingon');
    expect(initialLanguage(storage, 'u', ['es-BO', 'en'])).toBe('es');
    expect(initialLanguage(storage, 'u', ['fr-FR'])).toBe('en');
    expect(initialLanguage(null, 'u')).toBe('en');
  });
});
