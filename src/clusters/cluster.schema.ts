import { Schema } from 'mongoose';
import { sectorIndexFor } from '../sectors/sector-catalog';
import { Cluster, clusterSearchText } from './cluster';

/** MongoDB document of a cluster. Never leaves the repository: mappers convert both ways. */
export interface ClusterDoc {
  _id: string;
  externalId: string | null;
  name: string;
  economy: string;
  region: string | null;
  description: string;
  sectors: string[];
  /** The sectors and all their ancestors, for hierarchical filters. */
  sectorIndex: string[];
  technologies: string[];
  languages: string[];
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  memberCount: number | null;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
  seq: number;
}

export const clusterSchema = new Schema<ClusterDoc>(
  {
    _id: { type: String, required: true },
    externalId: { type: String, default: null, maxlength: 200 },
    name: { type: String, required: true, maxlength: 200 },
    economy: { type: String, required: true, match: /^[A-Z]{2}$/ },
    region: { type: String, default: null, maxlength: 200 },
    description: { type: String, required: true, maxlength: 5000 },
    sectors: { type: [String], required: true },
    sectorIndex: { type: [String], required: true },
    technologies: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    website: { type: String, default: null, maxlength: 500 },
    contactName: { type: String, default: null, maxlength: 200 },
    contactEmail: { type: String, default: null, maxlength: 254 },
    memberCount: { type: Number, default: null, min: 0 },
    searchText: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
  },
  { collection: 'clusters', versionKey: false, timestamps: false },
);
clusterSchema.index(
  { externalId: 1 },
  { unique: true, partialFilterExpression: { externalId: { $type: 'string' } } },
);
clusterSchema.index({ economy: 1, _id: 1 });
clusterSchema.index({ sectorIndex: 1, _id: 1 });

export const clusterMapper = {
  toDomain(this: void, d: ClusterDoc): Cluster {
    return {
      id: d._id,
      externalId: d.externalId ?? null,
      name: d.name,
      economy: d.economy,
      region: d.region ?? null,
      description: d.description,
      sectors: [...d.sectors],
      technologies: [...d.technologies],
      languages: [...d.languages],
      website: d.website ?? null,
      contactName: d.contactName ?? null,
      contactEmail: d.contactEmail ?? null,
      memberCount: d.memberCount ?? null,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  },
  toPersistence(this: void, c: Cluster, seq: number): ClusterDoc {
    return {
      _id: c.id,
      externalId: c.externalId,
      name: c.name,
      economy: c.economy,
      region: c.region,
      description: c.description,
      sectors: c.sectors,
      sectorIndex: sectorIndexFor(c.sectors),
      technologies: c.technologies,
      languages: c.languages,
      website: c.website,
      contactName: c.contactName,
      contactEmail: c.contactEmail,
      memberCount: c.memberCount,
      searchText: clusterSearchText(c),
      createdAt: new Date(c.createdAt),
      updatedAt: new Date(c.updatedAt),
      seq,
    };
  },
};
