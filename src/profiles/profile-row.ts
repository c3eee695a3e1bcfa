import { json } from '../infra/sqlite/sqlite-database';
import { ProfileRecord } from './profile';

/** The profile columns of a SQLite row (a cluster's or a member's). */
export interface ProfileRow {
  id: string;
  external_id: string | null;
  name: string;
  economy: string;
  description: string;
  sectors: string;
  inferred_sectors: string;
  technologies: string;
  languages: string;
  website: string | null;
  contact_name: string | null;
  contact_email: string | null;
  created_at: string;
  updated_at: string;
}

export function profileFromRow(r: ProfileRow): ProfileRecord {
  return {
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    economy: r.economy,
    description: r.description,
    sectors: json.list(r.sectors),
    inferredSectors: JSON.parse(r.inferred_sectors || '[]') as ProfileRecord['inferredSectors'],
    technologies: json.list(r.technologies),
    languages: json.list(r.languages),
    website: r.website,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The profile columns to store, besides `id`, `seq` and the record's own. */
/** Inferred sectors are not written here: only setInferredSectors writes them. */
export function profileToParams(p: Omit<ProfileRecord, 'inferredSectors'>, searchText: string) {
  return {
    external_id: p.externalId,
    name: p.name,
    economy: p.economy,
    description: p.description,
    sectors: json.encode(p.sectors),
    technologies: json.encode(p.technologies),
    languages: json.encode(p.languages),
    website: p.website,
    contact_name: p.contactName,
    contact_email: p.contactEmail,
    search_text: searchText,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}
