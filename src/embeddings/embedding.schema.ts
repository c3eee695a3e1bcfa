import { Schema } from 'mongoose';
import { EmbeddedEntity, EmbeddingRecord, bufferToVectors, vectorsToBuffer } from './embedding';

/** MongoDB document of a vector: `_id` is '<model>|<entity>:<id>'. Never leaves the repository. */
export interface EmbeddingDoc {
  _id: string;
  entity: EmbeddedEntity;
  entityId: string;
  modelId: string;
  dimension: number;
  contentHash: string;
  vector: Buffer;
  updatedAt: Date;
}

export const embeddingSchema = new Schema<EmbeddingDoc>(
  {
    _id: { type: String, required: true },
    entity: { type: String, required: true, enum: ['cluster', 'member', 'item'] },
    entityId: { type: String, required: true },
    modelId: { type: String, required: true },
    dimension: { type: Number, required: true, min: 1 },
    contentHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    vector: { type: Buffer, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'embeddings', versionKey: false, timestamps: false },
);
embeddingSchema.index({ modelId: 1, entity: 1, entityId: 1 }, { unique: true });
embeddingSchema.index({ entity: 1, entityId: 1 });

export const embeddingMapper = {
  id: (modelId: string, entity: string, entityId: string) => `${modelId}|${entity}:${entityId}`,
  toDomain(this: void, d: EmbeddingDoc): EmbeddingRecord {
    const bytes =
      d.vector instanceof Uint8Array
        ? d.vector
        : (d.vector as unknown as { buffer: Uint8Array }).buffer;
    return {
      entity: d.entity,
      id: d.entityId,
      modelId: d.modelId,
      dimension: d.dimension,
      contentHash: d.contentHash,
      vectors: bufferToVectors(bytes, d.dimension),
      updatedAt: d.updatedAt.toISOString(),
    };
  },
  toPersistence(this: void, r: EmbeddingRecord): EmbeddingDoc {
    return {
      _id: embeddingMapper.id(r.modelId, r.entity, r.id),
      entity: r.entity,
      entityId: r.id,
      modelId: r.modelId,
      dimension: r.dimension,
      contentHash: r.contentHash,
      vector: vectorsToBuffer(r.vectors),
      updatedAt: new Date(r.updatedAt),
    };
  },
};
