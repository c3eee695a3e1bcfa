import { LOCALES } from '../../../src/i18n/locales';
import { NAMESPACES, readCatalog } from '../../../src/i18n/translations';

/** Every translation file against English: same keys, same placeholders, the locale's plurals. */

type Flat = Map<string, string>;

function flatten(o: Record<string, unknown>, prefix = ''): Flat {
  const out: Flat = new Map();
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object')
      for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`))
        out.set(kk, vv);
    else out.set(`${prefix}${k}`, v as string);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');
/** {{name}} and {{date, datetime(...)}}; {{count}} may be left out where the words say it. */
const placeholders = (s: string) =>
  (s.match(/\{\{[^}]+\}\}/g) ?? []).filter((p) => !/^\{\{count\b/.test(p)).sort();

/**
 * Values that may equal English in a locale: the product's name, a separator, and words that are
 * the same word in that language (Spanish "Error", Indonesian and Malay loanwords).
 */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  '*': ['app:app.title', 'email:brand', 'reasons:separator'],
  es: ['app:ops.error'],
  id: ['app:intros.email', 'app:keys.label', 'app:keys.roles.operator'],
  ms: ['app:nav.import', 'app:import.heading', 'app:import.upload', 'app:keys.label'],
};

describe.each(NAMESPACES)('translations of the %s namespace', (ns) => {
  const english = flatten(readCatalog('en', ns));
  const pluralBases = new Set([...english.keys()].filter((k) => PLURAL.test(k)).map(base));

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every key, nothing more', (locale) => {
    const catalog = flatten(readCatalog(locale, ns));
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const expected = new Set<string>();
    for (const key of english.keys()) {
      if (pluralBases.has(base(key))) for (const c of categories) expected.add(`${base(key)}_${c}`);
      else expected.add(key);
    }
    expect({ missing: [...expected].filter((k) => !catalog.has(k)) }).toEqual({ missing: [] });
    expect({ extra: [...catalog.keys()].filter((k) => !expected.has(k)) }).toEqual({ extra: [] });
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s has the same placeholders as English, and its own words',
    (locale) => {
      const catalog = flatten(readCatalog(locale, ns));
      const allowed = [...SAME_AS_ENGLISH['*'], ...(SAME_AS_ENGLISH[locale] ?? [])];
      const wrong: string[] = [];
      for (const [key, value] of catalog) {
        const en = english.get(key) ?? english.get(`${base(key)}_other`)!;
        if (typeof value !== 'string' || !value.trim()) wrong.push(`${key}: empty`);
        else if (placeholders(value).join() !== placeholders(en).join())
          wrong.push(`${key}: ${placeholders(value).join()} ≠ ${placeholders(en).join()}`);
        else if (value === en && !allowed.includes(`${ns}:${key}`))
          wrong.push(`${key}: still English`);
      }
      expect(wrong).toEqual([]);
    },
  );
});

it('English itself gives both plural forms wherever it has one', () => {
  for (const ns of NAMESPACES) {
    const keys = [...flatten(readCatalog('en', ns)).keys()];
    for (const k of keys.filter((k) => PLURAL.test(k)))
      expect(keys).toEqual(expect.arrayContaining([`${base(k)}_one`, `${base(k)}_other`]));
  }
});
