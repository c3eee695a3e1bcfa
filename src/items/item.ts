import { sameFields } from '../common/content';
import { normalizeSearchText } from '../common/text';

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
}

export interface CollaborationItem extends ItemContent {
  id: string;
  createdAt: string;
  updatedAt: string;
}

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
  'validUntil',
];

export function itemSearchText(i: ItemContent): string {
  return normalizeSearchText(i.title, i.description);
}

export function sameItemContent(a: ItemContent, b: ItemContent): boolean {
  return sameFields(a, b, ITEM_CONTENT_FIELDS);
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
