import { ScoredCandidate } from './scoring';

/**
 * The reason of a suggestion as data: its strongest evidence, part by part, rendered in the
 * reader's language when read (src/i18n/reasons.ts). User-written text (titles, names) is carried
 * as written; sectors, languages and economies by code.
 */
export type ReasonPart =
  | { kind: 'need_meets_offer'; yours: string; theirs: string }
  | { kind: 'offer_meets_need'; yours: string; theirs: string }
  | { kind: 'worked_together'; title: string; year: string | null }
  | { kind: 'known_partner' }
  | { kind: 'common_partners'; names: string[] }
  | { kind: 'similar_profiles' }
  | { kind: 'shared_sector'; code: string; inferred: boolean }
  | { kind: 'related_sectors'; codes: string[] }
  | { kind: 'shared_languages'; languages: string[] }
  | { kind: 'you_target_economy'; economy: string }
  | { kind: 'they_target_you' };

export type ReasonKind = ReasonPart['kind'];

export const REASON_KINDS: readonly ReasonKind[] = [
  'need_meets_offer',
  'offer_meets_need',
  'worked_together',
  'known_partner',
  'common_partners',
  'similar_profiles',
  'shared_sector',
  'related_sectors',
  'shared_languages',
  'you_target_economy',
  'they_target_you',
];

/**
 * The parts of a suggestion's reason, strongest first, e.g. your need 'pilot line for SiC power
 * modules' meets their offer 'SiC wafer foundry services'; shared sector 26; both work in en.
 */
export function explainMatch(c: ScoredCandidate, partner: { economy: string }): ReasonPart[] {
  const parts: ReasonPart[] = [];
  const yourNeed = c.pairs.find((p) => p.direction === 'their_offer_for_your_need');
  const theirNeed = c.pairs.find((p) => p.direction === 'your_offer_for_their_need');
  if (yourNeed)
    parts.push({
      kind: 'need_meets_offer',
      yours: yourNeed.yours.title,
      theirs: yourNeed.theirs.title,
    });
  if (theirNeed)
    parts.push({
      kind: 'offer_meets_need',
      yours: theirNeed.yours.title,
      theirs: theirNeed.theirs.title,
    });
  const { network } = c;
  if (network.known)
    parts.push(
      network.together
        ? {
            kind: 'worked_together',
            title: network.together.title,
            year: network.together.startDate?.slice(0, 4) ?? null,
          }
        : { kind: 'known_partner' },
    );
  const named = network.via.filter((v) => v.name).map((v) => v.name!);
  if (named.length) parts.push({ kind: 'common_partners', names: named.slice(0, 2) });
  if (!parts.length) parts.push({ kind: 'similar_profiles' });
  if (c.sector.shared)
    parts.push({
      kind: 'shared_sector',
      code: c.sector.shared,
      inferred: Boolean(c.sector.inferred),
    });
  else if (c.sector.related) parts.push({ kind: 'related_sectors', codes: [...c.sector.related] });
  if (c.sharedLanguages.length)
    parts.push({ kind: 'shared_languages', languages: [...c.sharedLanguages] });
  if (c.targeted.byYou) parts.push({ kind: 'you_target_economy', economy: partner.economy });
  if (c.targeted.byThem) parts.push({ kind: 'they_target_you' });
  return parts;
}
