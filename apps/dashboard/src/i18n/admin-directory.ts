import { useMemo } from 'react';
import { useT } from './I18nProvider.tsx';
import type { Language, Vars } from './translate.ts';
import { adminDirectoryEn, type DirectoryCatalogue, type DirectoryKey } from './admin-directory.en.ts';
import { adminDirectoryEs } from './admin-directory.es.ts';

export type { DirectoryKey };

const CATALOGUES: Record<Language, DirectoryCatalogue> = { en: adminDirectoryEn, es: adminDirectoryEs };

/** The message in `language` with `{name}` replaced, like the shared catalogue's `translate`. */
export function translateDirectory(language: Language, key: DirectoryKey, vars?: Vars): string {
  const template = CATALOGUES[language][key] ?? adminDirectoryEn[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** `useT()` for the admin directory screens: the same language and date format, this file's catalogue. */
export function useDirectoryT() {
  const { language, formatTime } = useT();
  return useMemo(
    () => ({ language, formatTime, t: (key: DirectoryKey, vars?: Vars) => translateDirectory(language, key, vars) }),
    [language, formatTime],
  );
}
