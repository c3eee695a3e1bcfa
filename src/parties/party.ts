import { InferredSector } from '../sectors/inferred-sector';

/** The two kinds of party: a subject of suggestions and a partner to be suggested. */
export type PartyType = 'cluster' | 'member';

/**
 * A cluster or member as every other feature sees it: who it is, where, in which sectors and
 * languages, how to reach it. Contact fields travel only where the caller may show them.
 */
export interface Party {
  /** 'cluster:<id>' or 'member:<id>' */
  key: string;
  type: PartyType;
  id: string;
  name: string;
  economy: string;
  /** The cluster itself, or the member's cluster. */
  clusterId: string;
  sectors: string[];
  /** Inferred from its text when it gives none (never instead of given ones). */
  inferredSectors: InferredSector[];
  languages: string[];
  /** Clusters only. */
  region: string | null;
  /** Members only: sme, university… */
  kind: string | null;
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  updatedAt: string;
}

export function partyKey(type: PartyType, id: string): string {
  return `${type}:${id}`;
}

/** The type and id of a party key; undefined when the key names no party. */
export function parsePartyKey(key: string): { type: PartyType; id: string } | undefined {
  const at = key.indexOf(':');
  const type = key.slice(0, at);
  if (at < 0 || (type !== 'cluster' && type !== 'member')) return undefined;
  return { type, id: key.slice(at + 1) };
}
