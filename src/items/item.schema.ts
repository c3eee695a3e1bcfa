import { Schema } from 'mongoose';
import { sectorIndexFor } from '../sectors/sector-catalog';
import {
  COOPERATION_AREAS,
  CollaborationItem,
  ITEM_KINDS,
  OWNER_TYPES,
  itemSearchText,
} from './item';

/** MongoDB document of a collaboration item. Never leaves the repository. */
export interface ItemDoc {
  _id: string;
  externalId: string | null;
  ownerType: string;
  clusterId: string;
  memberId: string | null;
  economy: string;
  kind: string;
  area: string;
  title: string;
  description: string;
  sectors: string[];
  inferredSectors?: { code: string; confidence: number }[];
  sectorIndex: string[];
  targetEconomies: string[];
  languages: string[];
  validUntil: string;
  validUntilDefault?: boolean;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
  seq: number;
}

export const itemSchema = new Schema<ItemDoc>(
  {
    _id: { type: String, required: true },
    externalId: { type: String, default: null, maxlength: 200 },
    ownerType: { type: String, required: true, enum: OWNER_TYPES },
    clusterId: { type: String, required: true },
    memberId: {
      type: String,
      default: null,
      validate: {
        validator(this: ItemDoc, v: string | null) {
          return (this.ownerType === 'member') === (v !== null && v !== undefined);
        },
        message: 'memberId is set exactly when a member owns the item',
      },
    },
    economy: { type: String, required: true, match: /^[A-Z]{2}$/ },
    kind: { type: String, required: true, enum: ITEM_KINDS },
    area: { type: String, required: true, enum: COOPERATION_AREAS },
    title: { type: String, required: true, maxlength: 200 },
    description: { type: String, required: true, maxlength: 20000 },
    sectors: { type: [String], default: [] },
    // Derived by the embedder; never written by the mapper (so an update cannot undo a newer one).
    inferredSectors: { type: [{ _id: false, code: String, confidence: Number }], default: [] },
    sectorIndex: { type: [String], required: true },
    targetEconomies: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    validUntil: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    validUntilDefault: { type: Boolean, default: false },
    searchText: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    seq: { type: Number, required: true },
  },
  { collection: 'items', versionKey: false, timestamps: false },
);
itemSchema.index(
  { externalId: 1 },
  { unique: true, partialFilterExpression: { externalId: { $type: 'string' } } },
);
itemSchema.index({ clusterId: 1, _id: 1 });
itemSchema.index({ memberId: 1, _id: 1 });
itemSchema.index({ economy: 1, _id: 1 });
itemSchema.index({ kind: 1, area: 1, _id: 1 });
itemSchema.index({ sectorIndex: 1, _id: 1 });
itemSchema.index({ targetEconomies: 1 });

export const itemMapper = {
  toDomain(this: void, d: ItemDoc): CollaborationItem {
    return {
      id: d._id,
      externalId: d.externalId ?? null,
      ownerType: d.ownerType as CollaborationItem['ownerType'],
      clusterId: d.clusterId,
      memberId: d.memberId ?? null,
      economy: d.economy,
      kind: d.kind as CollaborationItem['kind'],
      area: d.area as CollaborationItem['area'],
      title: d.title,
      description: d.description,
      sectors: [...d.sectors],
      inferredSectors: (d.inferredSectors ?? []).map((x) => ({
        code: x.code,
        confidence: x.confidence,
      })),
      targetEconomies: [...d.targetEconomies],
      languages: [...d.languages],
      validUntil: d.validUntil,
      validUntilDefault: d.validUntilDefault ?? false,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  },
  toPersistence(this: void, i: Omit<CollaborationItem, 'inferredSectors'>, seq: number): ItemDoc {
    return {
      _id: i.id,
      externalId: i.externalId,
      ownerType: i.ownerType,
      clusterId: i.clusterId,
      memberId: i.memberId,
      economy: i.economy,
      kind: i.kind,
      area: i.area,
      title: i.title,
      description: i.description,
      sectors: i.sectors,
      sectorIndex: sectorIndexFor(i.sectors),
      targetEconomies: i.targetEconomies,
      languages: i.languages,
      validUntil: i.validUntil,
      validUntilDefault: i.validUntilDefault,
      searchText: itemSearchText(i),
      createdAt: new Date(i.createdAt),
      updatedAt: new Date(i.updatedAt),
      seq,
    };
  },
};
