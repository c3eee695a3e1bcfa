import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { i18n, TFunction } from 'i18next';
import { projectRoot } from '../common/paths';
import { LOCALES, Locale } from './locales';

/** The namespaces of i18n/locales/<locale>/<namespace>.json; `app` is the web app's. */
export const NAMESPACES = ['app', 'email', 'reasons'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const I18N_DIR = join(projectRoot(), 'i18n');

export function readCatalog(locale: Locale, ns: Namespace): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(I18N_DIR, 'locales', locale, `${ns}.json`), 'utf8'),
  ) as Record<string, unknown>;
}

let instance: i18n | undefined;

/**
 * The server's i18next instance: every locale's email and reasons catalogs, loaded once and
 * synchronously from the same files the web app bundles. Missing keys fall back to English (the
 * parity test keeps that from happening).
 */
function translations(): i18n {
  if (instance) return instance;
  const resources = Object.fromEntries(
    LOCALES.map((l) => [l, { email: readCatalog(l, 'email'), reasons: readCatalog(l, 'reasons') }]),
  );
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    ns: ['email', 'reasons'],
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
    // Templates escape (Handlebars); reasons are plain text that clients escape.
    interpolation: { escapeValue: false },
  });
  instance = created;
  return created;
}

const fixed = new Map<string, TFunction>();

/** The translate function of a locale and namespace (made once: reads render many reasons). */
export function translator(locale: Locale, ns: Exclude<Namespace, 'app'>): TFunction {
  const key = `${locale}:${ns}`;
  let t = fixed.get(key);
  if (!t) fixed.set(key, (t = translations().getFixedT(locale, ns)));
  return t;
}
