export { I18nProvider, LanguageSwitch, useT, type I18n } from './I18nProvider.tsx';
export { LANGUAGES, labelOf, translate, type Language, type MessageKey, type Translate } from './translate.ts';
