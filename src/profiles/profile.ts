import { InferredSector } from '../sectors/inferred-sector';

/**
 * What clusters and members have in common: the profile an organisation keeps on the platform,
 * defined once here and extended by each (a cluster adds its economy, region and size; a member
 * its cluster and kind).
 */
export interface ProfileContent {
  externalId: string | null;
  name: string;
  description: string;
  /** ISIC Rev.4 codes. */
  sectors: string[];
  technologies: string[];
  /** BCP 47 language tags the organisation works in. */
  languages: string[];
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
}

/** The record fields every profile has besides its content. */
export type ProfileRecord = ProfileContent & {
  id: string;
  economy: string;
  inferredSectors: InferredSector[];
  createdAt: string;
  updatedAt: string;
};

export const PROFILE_CONTENT_FIELDS: readonly (keyof ProfileContent)[] = [
  'externalId',
  'name',
  'description',
  'sectors',
  'technologies',
  'languages',
  'website',
  'contactName',
  'contactEmail',
];

/** Shown only to operators and the record's owners (decided per record by the access policy). */
export const PROFILE_CONTACT_FIELDS = ['contactName', 'contactEmail'] as const;

/** A profile with its contact fields removed, for readers who may not see them. */
export function withoutContacts<T extends ProfileContent>(
  record: T,
): Omit<T, 'contactName' | 'contactEmail'> {
  const view: Partial<T> = { ...record };
  for (const field of PROFILE_CONTACT_FIELDS) delete view[field];
  return view as Omit<T, 'contactName' | 'contactEmail'>;
}
