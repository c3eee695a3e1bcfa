/**
 * The locales PEC Match speaks: APEC's working languages across its 21 economies. Chinese comes in
 * both scripts; a bare `zh` is Traditional for Hong Kong, China and Chinese Taipei (and Macao), and
 * Simplified elsewhere.
 */
export const LOCALES = [
  'en',
  'es',
  'ja',
  'zh-Hans',
  'zh-Hant',
  'ko',
  'ru',
  'th',
  'vi',
  'id',
  'ms',
] as const;
export type Locale = (typeof LOCALES)[number];

const TRADITIONAL_REGIONS = new Set(['TW', 'HK', 'MO']);

export function isLocale(tag: string | null | undefined): tag is Locale {
  return (LOCALES as readonly string[]).includes(tag ?? '');
}

/**
 * The supported locale a BCP 47 tag asks for, or null: `es-MX` → es, `zh-TW` → zh-Hant, `zh` →
 * zh-Hans (or zh-Hant when `region` is Hong Kong, China or Chinese Taipei), `in` → id.
 */
export function supportedLocale(tag: string | null | undefined, region?: string): Locale | null {
  if (!tag) return null;
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag.trim());
  } catch {
    return null;
  }
  const language = locale.language === 'in' ? 'id' : locale.language;
  if (language === 'zh') {
    if (locale.script === 'Hant') return 'zh-Hant';
    if (locale.script === 'Hans') return 'zh-Hans';
    const r = (locale.region ?? region ?? '').toUpperCase();
    return TRADITIONAL_REGIONS.has(r) ? 'zh-Hant' : 'zh-Hans';
  }
  return isLocale(language) ? language : null;
}

/** The first supported locale among candidates (best first), else English. */
export function resolveLocale(
  candidates: readonly (string | null | undefined)[],
  region?: string,
): Locale {
  for (const c of candidates) {
    const l = supportedLocale(c, region);
    if (l) return l;
  }
  return 'en';
}

/** The tags of an Accept-Language header, by quality (ties keep their order). */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.tag && x.tag !== '*' && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}
