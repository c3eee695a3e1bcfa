import { ReasonPart } from './reason-parts';
import { sectorByCode } from '../sectors/sector-catalog';
import { economyName } from './economy-names';
import { Locale } from './locales';
import { translator } from './translations';

/**
 * A sector as reasons show it: the code with its ISIC title. The titles exist in English only (the
 * UN's ISIC Rev. 4 and NAICS files in the data), so the code stays beside them in every locale.
 */
function sectorLabel(code: string): string {
  const s = sectorByCode(code);
  return s ? `${code} ${s.title}` : code;
}

const lists = new Map<Locale, Intl.ListFormat>();
const languageNames = new Map<Locale, Intl.DisplayNames>();

function list(locale: Locale, items: string[]): string {
  let f = lists.get(locale);
  if (!f) lists.set(locale, (f = new Intl.ListFormat(locale, { type: 'conjunction' })));
  return f.format(items);
}

/** A language's name in the reader's locale (CLDR's names are right for languages). */
function languageName(locale: Locale, tag: string): string {
  let f = languageNames.get(locale);
  if (!f) languageNames.set(locale, (f = new Intl.DisplayNames([locale], { type: 'language' })));
  try {
    return f.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** One part of a reason in a locale; user-written titles and names are kept as written. */
export function renderReasonPart(part: ReasonPart, locale: Locale): string {
  const t = translator(locale, 'reasons');
  switch (part.kind) {
    case 'need_meets_offer':
    case 'offer_meets_need':
      return t(part.kind, { yours: part.yours, theirs: part.theirs });
    case 'worked_together':
      return part.year
        ? t('worked_together_year', { title: part.title, year: part.year })
        : t('worked_together', { title: part.title });
    case 'similar_work':
      return t(part.itemKind === 'need' ? 'similar_work_need' : 'similar_work_offer', {
        title: part.title,
      });
    case 'common_partners':
      return t('common_partners', { names: list(locale, part.names) });
    case 'shared_sector':
      return t(part.inferred ? 'shared_sector_inferred' : 'shared_sector', {
        sector: sectorLabel(part.code),
      });
    case 'related_sectors':
      return t('related_sectors', { sectors: list(locale, part.codes.map(sectorLabel)) });
    case 'shared_languages':
      return t('shared_languages', {
        languages: list(
          locale,
          part.languages.map((l) => languageName(locale, l)),
        ),
      });
    case 'you_target_economy':
      return t('you_target_economy', { economy: economyName(part.economy, locale) });
    case 'known_partner':
    case 'similar_profiles':
    case 'they_target_you':
      return t(part.kind);
  }
}

/** Rendered reasons by locale and parts, oldest first (at most RENDERED_MAX: about 10 MB). */
const rendered = new Map<string, string>();
const RENDERED_MAX = 20_000;

/** The whole reason, parts joined as the locale joins clauses, its first letter upper-cased. */
export function renderReason(parts: readonly ReasonPart[], locale: Locale): string {
  // Every read renders ten reasons, and the same ones again until the list is recomputed:
  // remembered by their content (catalogs do not change while the process runs).
  const key = `${locale}\u0000${JSON.stringify(parts)}`;
  const known = rendered.get(key);
  if (known !== undefined) return known;
  const texts = parts.map((p) => renderReasonPart(p, locale));
  const text = texts.join(translator(locale, 'reasons')('separator'));
  const reason = text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
  rendered.set(key, reason);
  return reason;
}
