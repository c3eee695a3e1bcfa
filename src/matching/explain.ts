import { ReasonPart } from '../i18n/reason-parts';
import { ScoredCandidate } from './scoring';

export type { ReasonPart } from '../i18n/reason-parts';

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
  if (c.work) parts.push({ kind: 'similar_work', title: c.work.title, itemKind: c.work.kind });
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
