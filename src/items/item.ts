import { sameFields } from '../common/content';
import { normalizeSearchText } from '../common/text';
import { InferredSector } from '../sectors/inferred-sector';

export const ITEM_KINDS = ['need', 'offer'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** The six cooperation areas of the PEC questionnaire. */
export const COOPERATION_AREAS = [
  'trade',
  'investment',
  'joint_rd',
  'hr_exchange',
  'training',
  'visibility',
] as const;
export type CooperationArea = (typeof COOPERATION_AREAS)[number];

export const OWNER_TYPES = ['cluster', 'member'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

/** A need or an offer of a cluster or of one of its members. */
export interface ItemContent {
  externalId: string | null;
  ownerType: OwnerType;
  /** The owning cluster, or the cluster of the owning member. */
  clusterId: string;
  /** Set when a member owns the item. */
  memberId: string | null;
  /** The owner's economy, kept in step by the service. */
  economy: string;
  kind: ItemKind;
  area: CooperationArea;
  title: string;
  description: string;
  sectors: string[];
  /** Economies the owner wants partners from; empty means any. */
  targetEconomies: string[];
  languages: string[];
  /** Last day the item is valid, `YYYY-MM-DD` (inclusive). */
  validUntil: string;
  /** True when validUntil was not given: it is ITEM_TTL_DAYS from the last change, and renews. */
  validUntilDefault: boolean;
}

export interface CollaborationItem extends ItemContent {
  id: string;
  /** Inferred from the text when no sectors were given (derived: not content). */
  inferredSectors: InferredSector[];
  createdAt: string;
  updatedAt: string;
}

/**
 * An item without its description, which can run to thousands of characters: what matching reads
 * for a whole pool of partners (it scores titles, vectors, sectors and rules, never descriptions).
 */
export type ItemHeader = Omit<CollaborationItem, 'description'>;

export const ITEM_CONTENT_FIELDS: readonly (keyof ItemContent)[] = [
  'externalId',
  'ownerType',
  'clusterId',
  'memberId',
  'economy',
  'kind',
  'area',
  'title',
  'description',
  'sectors',
  'targetEconomies',
  'languages',
  'validUntilDefault',
];

export function itemSearchText(i: ItemContent): string {
  return normalizeSearchText(i.title, i.description);
}

/**
 * Whether the two contents agree. A default validity (no validUntil given) is not content: it
 * moves with the calendar, so two defaults agree whatever their dates.
 */
export function sameItemContent(a: ItemContent, b: ItemContent): boolean {
  return (
    sameFields(a, b, ITEM_CONTENT_FIELDS) &&
    (a.validUntilDefault && b.validUntilDefault ? true : a.validUntil === b.validUntil)
  );
}

/** What decides an item's default validity: the day, and how long a default lasts. */
export interface ValidityPolicy {
  today: string;
  ttlDays: number;
}

/** The validity of new content: the given last day, else a default of today + TTL that renews. */
export function validityOf(
  validUntil: string | null | undefined,
  policy: ValidityPolicy,
): Pick<ItemContent, 'validUntil' | 'validUntilDefault'> {
  return validUntil
    ? { validUntil, validUntilDefault: false }
    : { validUntil: addDays(policy.today, policy.ttlDays), validUntilDefault: true };
}

/**
 * The validity after a change: a given date (or null, back to the default) wins; without one, an
 * explicit date stays and a default one renews from today.
 */
export function validityAfterChange(
  existing: Pick<ItemContent, 'validUntil' | 'validUntilDefault'>,
  patched: string | null | undefined,
  policy: ValidityPolicy,
): Pick<ItemContent, 'validUntil' | 'validUntilDefault'> {
  if (patched !== undefined) return validityOf(patched, policy);
  return existing.validUntilDefault
    ? validityOf(null, policy)
    : { validUntil: existing.validUntil, validUntilDefault: false };
}

/** `YYYY-MM-DD` plus days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

export function isExpired(item: Pick<ItemContent, 'validUntil'>, today: string): boolean {
  return item.validUntil < today;
}

export interface ItemFilter {
  clusterId?: string;
  memberId?: string;
  ownerType?: OwnerType;
  economy?: string;
  kind?: ItemKind;
  area?: CooperationArea;
  sector?: string;
  text?: string;
  /** Only items valid on this day (`validUntil >= validOn`). */
  validOn?: string;
  /** Only items expired before this day (`validUntil < expiredBefore`). */
  expiredBefore?: string;
}
