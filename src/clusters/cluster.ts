import { sameFields } from '../common/content';
import { normalizeSearchText } from '../common/text';

/** A cluster organisation: the primary subject of partner suggestions. */
export interface ClusterContent {
  externalId: string | null;
  name: string;
  economy: string;
  region: string | null;
  description: string;
  /** ISIC Rev.4 codes. */
  sectors: string[];
  technologies: string[];
  /** BCP 47 language tags the cluster works in. */
  languages: string[];
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  memberCount: number | null;
}

export interface Cluster extends ClusterContent {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export const CLUSTER_CONTENT_FIELDS: readonly (keyof ClusterContent)[] = [
  'externalId',
  'name',
  'economy',
  'region',
  'description',
  'sectors',
  'technologies',
  'languages',
  'website',
  'contactName',
  'contactEmail',
  'memberCount',
];

/** Shown only to operators and the cluster's own managers. */
export const CLUSTER_CONTACT_FIELDS = ['contactName', 'contactEmail'] as const;

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
