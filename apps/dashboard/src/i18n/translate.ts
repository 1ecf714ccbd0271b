import { en, type Catalogue, type MessageKey } from './en.ts';
import { es } from './es.ts';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

export const CATALOGUES: Record<Language, Catalogue> = { en, es };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The message in `language` with `{name}` replaced; English when a catalogue lacks it, the key as a last resort. */
export function translate(language: Language, key: MessageKey, vars?: Vars): string {
  const template = CATALOGUES[language][key] ?? en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A key built from an API value (`verdict.${v}`): the label when the catalogue has one, else the value itself. */
export function labelOf(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return key in en ? t(key as MessageKey) : value.replace(/_/g, ' ');
}

type LanguageStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Per user, so people sharing a situation-room computer each keep their own language. */
export function languageStorageKey(userId: string | null | undefined): string {
  return `sitroom.language.${userId ?? 'anonymous'}`;
}

/** The stored choice, else the browser's language when it is Spanish, else English. */
export function initialLanguage(storage: LanguageStorage | null, userId: string | null | undefined, browserLanguages: readonly string[] = []): Language {
  try {
    const stored = storage?.getItem(languageStorageKey(userId));
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be disabled (private mode, policy): fall through to the browser's language.
  }
  const preferred = browserLanguages.find((tag) => isLanguage(tag.slice(0, 2).toLowerCase()));
  return preferred ? (preferred.slice(0, 2).toLowerCase() as Language) : 'en';
}

export function storeLanguage(storage: LanguageStorage | null, userId: string | null | undefined, language: Language): void {
  try {
    storage?.setItem(languageStorageKey(userId), language);
  } catch {
    // Not remembered, but the switch still works for this page.
  }
}

/** Dates in the reader's language, with the short month name so 03/04 cannot be misread. */
export function formatDateTime(language: Language, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'es' ? 'es' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
