import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/paths';
import { Locale } from './locales';

interface NamesFile {
  locales: Locale[];
  names: Record<string, Record<Locale, string>>;
}

let table: NamesFile['names'] | undefined;

/**
 * APEC's names of its member economies in every locale, from the reviewed table in
 * seeds/economies/economy-names.json — never from Intl.DisplayNames, whose CLDR names ("Taiwan",
 * "Hong Kong") are not APEC's ("Chinese Taipei", "Hong Kong, China").
 */
export function economyNames(): NamesFile['names'] {
  table ??= (
    JSON.parse(
      readFileSync(join(projectRoot(), 'seeds/economies/economy-names.json'), 'utf8'),
    ) as NamesFile
  ).names;
  return table;
}

/**
 * An economy's name in a locale. Economies outside the table (guests an operator added) keep the
 * name they were given, else their code.
 */
export function economyName(code: string, locale: Locale, given?: string): string {
  return economyNames()[code]?.[locale] ?? given ?? code;
}
