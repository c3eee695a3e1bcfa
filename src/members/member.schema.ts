import { Schema } from 'mongoose';
import { sectorIndexFor } from '../sectors/sector-catalog';
import { MEMBER_KINDS, Member, memberSearchText } from './member';

/** MongoDB document of a member. Never leaves the repository. */
export interface MemberDoc {
  _id: string;
  externalId: string | null;
  clusterId: string;
  economy: string;
  name: string;
  kind: string;
  description: string;
  sectors: string[];
  sectorIndex: string[];
  technologies: string[];
  languages: string[];
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
  seq: number;
}

export const memberSchema = new Schema<MemberDoc>(
  {
    _id: { type: String, required: true },
    externalId: { type: String, default: null, maxlength: 200 },
    clusterId: { type: String, required: true },
    economy: { type: String, required: true, match: /^[A-Z]{2}$/ },
    name: { type: String, required: true, maxlength: 200 },
    kind: { type: String, required: true, enum: MEMBER_KINDS },
    description: { type: String, required: true, maxlength: 5000 },
    sectors: { type: [String], required: true },
    sectorIndex: { type: [String], required: true },
    technologies: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    website: { type: String, default: null, maxlength: 500 },
    contactName: { type: String, default: null, maxlength: 200 },
    contactEmail: { type: String, default: null, maxlength: 254 },
    searchText: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
  },
  { collection: 'members', versionKey: false, timestamps: false },
);
memberSchema.index(
  { externalId: 1 },
  { unique: true, partialFilterExpression: { externalId: { $type: 'string' } } },
);
memberSchema.index({ clusterId: 1, _id: 1 });
memberSchema.index({ economy: 1, _id: 1 });
memberSchema.index({ sectorIndex: 1, _id: 1 });

export const memberMapper = {
  toDomain(this: void, d: MemberDoc): Member {
    return {
      id: d._id,
      externalId: d.externalId ?? null,
      clusterId: d.clusterId,
      economy: d.economy,
      name: d.name,
      kind: d.kind as Member['kind'],
      description: d.description,
      sectors: [...d.sectors],
      technologies: [...d.technologies],
      languages: [...d.languages],
      website: d.website ?? null,
      contactName: d.contactName ?? null,
      contactEmail: d.contactEmail ?? null,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  },
  toPersistence(this: void, m: Member, seq: number): MemberDoc {
    return {
      _id: m.id,
      externalId: m.externalId,
      clusterId: m.clusterId,
      economy: m.economy,
      name: m.name,
      kind: m.kind,
      description: m.description,
      sectors: m.sectors,
      sectorIndex: sectorIndexFor(m.sectors),
      technologies: m.technologies,
      languages: m.languages,
      website: m.website,
      contactName: m.contactName,
      contactEmail: m.contactEmail,
      searchText: memberSearchText(m),
      createdAt: new Date(m.createdAt),
      updatedAt: new Date(m.updatedAt),
      seq,
    };
  },
};
