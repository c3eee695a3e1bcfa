import { SchemaDefinition } from 'mongoose';
import { sectorIndexFor } from '../sectors/sector-catalog';
import { ProfileRecord } from './profile';

/** The profile fields of a MongoDB document (a cluster's or a member's). */
export interface ProfileDoc {
  _id: string;
  externalId: string | null;
  name: string;
  economy: string;
  description: string;
  sectors: string[];
  inferredSectors?: { code: string; confidence: number }[];
  /** The sectors and all their ancestors, for hierarchical filters. */
  sectorIndex: string[];
  technologies: string[];
  languages: string[];
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  searchText: string;
  seq: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The mongoose definitions of the profile fields; each schema adds its own. */
export const profileSchemaFields: SchemaDefinition = {
  _id: { type: String, required: true },
  externalId: { type: String, default: null, maxlength: 200 },
  name: { type: String, required: true, maxlength: 200 },
  economy: { type: String, required: true, match: /^[A-Z]{2}$/ },
  description: { type: String, required: true, maxlength: 20000 },
  sectors: { type: [String], default: [] },
  // Derived by the embedder; never written by the mappers (so an update cannot undo a newer one).
  inferredSectors: {
    type: [{ _id: false, code: String, confidence: Number }],
    default: [],
  },
  sectorIndex: { type: [String], required: true },
  technologies: { type: [String], default: [] },
  languages: { type: [String], default: [] },
  website: { type: String, default: null, maxlength: 500 },
  contactName: { type: String, default: null, maxlength: 200 },
  contactEmail: { type: String, default: null, maxlength: 254 },
  searchText: { type: String, required: true },
  seq: { type: Number, required: true },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
};

/** Document → domain, for the profile fields. */
export function profileFromDoc(d: ProfileDoc): ProfileRecord {
  return {
    id: d._id,
    externalId: d.externalId ?? null,
    name: d.name,
    economy: d.economy,
    description: d.description,
    sectors: [...d.sectors],
    inferredSectors: (d.inferredSectors ?? []).map((x) => ({
      code: x.code,
      confidence: x.confidence,
    })),
    technologies: [...(d.technologies ?? [])],
    languages: [...(d.languages ?? [])],
    website: d.website ?? null,
    contactName: d.contactName ?? null,
    contactEmail: d.contactEmail ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** Domain → document, for the profile fields. */
export function profileToDoc(p: ProfileRecord, seq: number, searchText: string): ProfileDoc {
  return {
    _id: p.id,
    externalId: p.externalId,
    name: p.name,
    economy: p.economy,
    description: p.description,
    sectors: p.sectors,
    sectorIndex: sectorIndexFor(p.sectors),
    technologies: p.technologies,
    languages: p.languages,
    website: p.website,
    contactName: p.contactName,
    contactEmail: p.contactEmail,
    searchText,
    seq,
    createdAt: new Date(p.createdAt),
    updatedAt: new Date(p.updatedAt),
  };
}
