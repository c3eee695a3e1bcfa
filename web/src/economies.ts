import table from '../../seeds/economies/economy-names.json';
import i18n from './i18n';

const names = table.names as Record<string, Record<string, string>>;

/**
 * An economy's name in the app's language, by APEC convention, from the service's reviewed table
 * (seeds/economies/economy-names.json; never Intl.DisplayNames). Guest economies show their code.
 */
export function economyName(code: string, lang = i18n.language): string {
  return names[code]?.[lang] ?? names[code]?.en ?? code;
}
