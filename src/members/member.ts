import { sameFields } from '../common/content';
import { normalizeSearchText } from '../common/text';
import { InferredSector } from '../sectors/inferred-sector';
import { PROFILE_CONTENT_FIELDS, ProfileContent } from '../profiles/profile';

export const MEMBER_KINDS = [
  'sme',
  'enterprise',
  'university',
  'institute',
  'agency',
  'other',
] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** An organisation inside a cluster: an SME, a university, a research institute, an agency… */
export interface MemberContent extends ProfileContent {
  clusterId: string;
  /** The cluster's economy, kept in step by the service (never set by clients). */
  economy: string;
  kind: MemberKind;
}

export interface Member extends MemberContent {
  id: string;
  /** Inferred from the text when no sectors were given (derived: not content). */
  inferredSectors: InferredSector[];
  createdAt: string;
  updatedAt: string;
}

export const MEMBER_CONTENT_FIELDS: readonly (keyof MemberContent)[] = [
  ...PROFILE_CONTENT_FIELDS,
  'clusterId',
  'economy',
  'kind',
];

export function memberSearchText(m: MemberContent): string {
  return normalizeSearchText(m.name, m.description, m.technologies);
}

export function sameMemberContent(a: MemberContent, b: MemberContent): boolean {
  return sameFields(a, b, MEMBER_CONTENT_FIELDS);
}

export interface MemberFilter {
  clusterId?: string;
  economy?: string;
  kind?: MemberKind;
  sector?: string;
  text?: string;
}
