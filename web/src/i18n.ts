import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import es from './locales/es.json';
import ja from './locales/ja.json';

export const LANGUAGES = ['en', 'es', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

const saved = localStorage.getItem('pec.lang');
const browser = navigator.language.slice(0, 2);
const initial =
  [saved, browser].find((l): l is Language => LANGUAGES.includes(l as Language)) ?? 'en';

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es }, ja: { translation: ja } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;

export function setLanguage(lang: Language): void {
  localStorage.setItem('pec.lang', lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export default i18next;
