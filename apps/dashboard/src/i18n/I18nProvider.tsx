import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, formatDateTime, initialLanguage, isLanguage, storeLanguage, translate, type Language, type MessageKey, type Translate, type Vars } from './translate.ts';

export interface I18n {
  language: Language;
  t: Translate;
  /** A date-time in the current language. */
  formatTime(iso: string): string;
  setLanguage(language: Language): void;
}

function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

function makeI18n(language: Language, setLanguage: (language: Language) => void): I18n {
  return {
    language,
    t: (key: MessageKey, vars?: Vars) => translate(language, key, vars),
    formatTime: (iso: string) => formatDateTime(language, iso),
    setLanguage,
  };
}

// Outside a provider the screens still render, in English.
const I18nContext = createContext<I18n>(makeI18n('en', () => undefined));

/**
 * The language of the screens below it, remembered per user in this browser (`localStorage`,
 * keyed by user id). Also sets `<html lang>` so screen readers pronounce the text right.
 */
export function I18nProvider({ userId, serverLanguage, onLanguageChange, children }: {
  userId?: string | null;
  /** The language the user chose on any device (from the server); wins over the browser's when nothing is stored here. */
  serverLanguage?: Language;
  /** Called when the user picks a language, to remember it on the server. */
  onLanguageChange?: (language: Language) => void;
  children: ReactNode;
}) {
  const preferred = () => (serverLanguage ? [serverLanguage, ...browserLanguages()] : browserLanguages());
  const [state, setState] = useState(() => ({ userId, language: initialLanguage(browserStorage(), userId, preferred()) }));
  // Another user signing in gets their own choice back, in the same render, so screens mount in it.
  let language = state.language;
  if (state.userId !== userId) {
    language = initialLanguage(browserStorage(), userId, preferred());
    setState({ userId, language });
  }

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback(
    (next: Language) => {
      storeLanguage(browserStorage(), userId, next);
      setState({ userId, language: next });
      onLanguageChange?.(next);
    },
    [userId, onLanguageChange],
  );

  const value = useMemo(() => makeI18n(language, setLanguage), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** `const { t } = useT(); t('report.title')`. */
export function useT(): I18n {
  return useContext(I18nContext);
}

/** English | Español, each option named in its own language. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { language, setLanguage, t } = useT();
  const id = useId();
  return (
    <div className={`language-switch ${className ?? ''}`.trim()}>
      <label htmlFor={id}>{t('lang.label')}</label>
      <select
        id={id}
        data-testid="language-switch"
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`lang.${code}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
