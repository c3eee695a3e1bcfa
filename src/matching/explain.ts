import { sectorByCode } from '../sectors/sector-catalog';
import { ScoredCandidate } from './scoring';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });
const ECONOMY_NAMES: Record<string, string> = {};

export function registerEconomyNames(names: Record<string, string>): void {
  Object.assign(ECONOMY_NAMES, names);
}

function sectorLabel(code: string): string {
  const s = sectorByCode(code);
  return s ? `${code} ${s.title}` : code;
}

function languageName(tag: string): string {
  try {
    return LANGUAGE_NAMES.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * The one-glance reason of a suggestion, from its strongest evidence, e.g. "Your need 'pilot line
 * for SiC power modules' matches their offer 'SiC wafer foundry services'; shared sectors: 26
 * Computer, electronic and optical products; both work in English".
 */
export function explainMatch(c: ScoredCandidate, partner: { economy: string }): string {
  const parts: string[] = [];
  const yourNeed = c.pairs.find((p) => p.direction === 'their_offer_for_your_need');
  const theirNeed = c.pairs.find((p) => p.direction === 'your_offer_for_their_need');
  if (yourNeed)
    parts.push(
      `Your need '${yourNeed.yours.title}' matches their offer '${yourNeed.theirs.title}'`,
    );
  if (theirNeed)
    parts.push(
      `${yourNeed ? 'their' : 'Their'} need '${theirNeed.theirs.title}' matches your offer '${theirNeed.yours.title}'`,
    );
  const { network } = c;
  if (network.known)
    parts.push(
      network.together
        ? `You worked together on '${network.together.title}'${network.together.startDate ? ` (${network.together.startDate.slice(0, 4)})` : ''}`
        : 'Known partner',
    );
  const named = network.via.filter((v) => v.name).map((v) => v.name!);
  if (named.length)
    parts.push(
      `you both worked with ${named.length > 1 ? `${named[0]} and ${named[1]}` : named[0]}`,
    );
  if (!parts.length) parts.push('Similar profiles');
  const inferred = c.sector.inferred ? ' (inferred from their descriptions)' : '';
  if (c.sector.shared) parts.push(`shared sectors: ${sectorLabel(c.sector.shared)}${inferred}`);
  else if (c.sector.related)
    parts.push(
      `related sectors: ${sectorLabel(c.sector.related[0])} and ${sectorLabel(c.sector.related[1])}`,
    );
  if (c.sharedLanguages.length) {
    const names = c.sharedLanguages.map(languageName);
    parts.push(
      `both work in ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]}`,
    );
  }
  if (c.targeted.byYou)
    parts.push(`you look for partners in ${ECONOMY_NAMES[partner.economy] ?? partner.economy}`);
  if (c.targeted.byThem) parts.push('they look for partners in your economy');
  return parts.join('; ');
}
