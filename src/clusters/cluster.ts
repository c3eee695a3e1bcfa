import { sameFields } from '../common/content';
import { normalizeSearchText } from '../common/text';
import { InferredSector } from '../sectors/inferred-sector';
import { PROFILE_CONTENT_FIELDS, ProfileContent } from '../profiles/profile';

/** A cluster organisation: the primary subject of partner suggestions. */
export interface ClusterContent extends ProfileContent {
  economy: string;
  region: string | null;
  memberCount: number | null;
}

export interface Cluster extends ClusterContent {
  id: string;
  /** Inferred from the text when no sectors were given (derived: not content). */
  inferredSectors: InferredSector[];
  createdAt: string;
  updatedAt: string;
}

export const CLUSTER_CONTENT_FIELDS: readonly (keyof ClusterContent)[] = [
  ...PROFILE_CONTENT_FIELDS,
  'economy',
  'region',
  'memberCount',
];

export function clusterSearchText(c: ClusterContent): string {
  return normalizeSearchText(c.name, c.region, c.description, c.technologies);
}

export function sameClusterContent(a: ClusterContent, b: ClusterContent): boolean {
  return sameFields(a, b, CLUSTER_CONTENT_FIELDS);
}

export interface ClusterFilter {
  economy?: string;
  /** An ISIC code at any level; matches records with that code or any code below it. */
  sector?: string;
  /** Normalised with normalizeSearchText; substring of name, region, description, technologies. */
  text?: string;
}
