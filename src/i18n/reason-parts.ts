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
  | { kind: 'similar_work'; title: string; itemKind: 'need' | 'offer' }
  | { kind: 'similar_profiles' }
  | { kind: 'shared_sector'; code: string; inferred: boolean }
  | { kind: 'related_sectors'; codes: string[] }
  | { kind: 'shared_languages'; languages: string[] }
  | { kind: 'you_target_economy'; economy: string }
  | { kind: 'they_target_you' };
