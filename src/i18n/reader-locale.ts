import { invalidInput } from '../common/errors/domain-error';
import { acceptLanguageTags, LOCALES, Locale, supportedLocale, resolveLocale } from './locales';

/**
 * The reader's locale for an API answer: `?lang=` when given (a tag no supported locale serves is
 * a 400 naming `lang`), else the best of Accept-Language that is supported, else English.
 */
export function readerLocale(lang: string | undefined, acceptLanguage: string | undefined): Locale {
  if (lang !== undefined) {
    const l = supportedLocale(lang);
    if (!l)
      throw invalidInput('VALIDATION.FAILED', [
        { field: 'lang', reason: `must be one of ${LOCALES.join(', ')} (or a tag of one of them)` },
      ]);
    return l;
  }
  return resolveLocale(acceptLanguageTags(acceptLanguage));
}
