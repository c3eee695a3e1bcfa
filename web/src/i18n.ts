import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../i18n/locales/en/app.json';
import { LOCALES, supportedLocale, type Locale } from '../../src/i18n/locales';

/**
 * The app's words come from the same translation files as the service's emails
 * (i18n/locales/<locale>/app.json): English is bundled, each other locale is its own small chunk,
 * loaded when chosen.
 */
export const LANGUAGES = LOCALES;
export type Language = Locale;

/** The supported locale of a browser tag (es-MX → es, zh-TW → zh-Hant), as the service decides. */
export const supported = (tag: string | null | undefined) => supportedLocale(tag) ?? undefined;

const bundles = import.meta.glob<{ default: Record<string, unknown> }>([
  '../../i18n/locales/*/app.json',
  '!../../i18n/locales/en/app.json',
]);

async function load(lang: Language): Promise<void> {
  if (i18next.hasResourceBundle(lang, 'translation')) return;
  const bundle = await bundles[`../../i18n/locales/${lang}/app.json`]();
  i18next.addResourceBundle(lang, 'translation', bundle.default);
}

const initial =
  [localStorage.getItem('pec.lang'), ...navigator.languages]
    .map(supported)
    .find((l): l is Language => !!l) ?? 'en';

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  showSupportNotice: false,
  interpolation: { escapeValue: false },
});
document.documentElement.lang = 'en';

/** Resolves once the reader's language is loaded (the app renders after it: no English flash). */
export const ready: Promise<void> = (
  initial === 'en' ? Promise.resolve() : setLanguage(initial, false)
).catch(() => undefined);

/** Switches the app's language (and the language the API answers in). */
export async function setLanguage(lang: Language, remember = true): Promise<void> {
  await load(lang);
  if (remember) localStorage.setItem('pec.lang', lang);
  document.documentElement.lang = lang;
  await i18next.changeLanguage(lang);
}

export default i18next;
