import { EmbeddingRecord, EntityRef } from './embedding';

/** Port: stored vectors. Every upsert is recorded in the change log as an 'embedding' change. */
export abstract class EmbeddingsRepository {
  abstract findMany(modelId: string, refs: readonly EntityRef[]): Promise<EmbeddingRecord[]>;
  abstract upsertMany(records: readonly EmbeddingRecord[]): Promise<void>;
  /** Removes the vectors of a deleted record, for every model. */
  abstract deleteForEntity(ref: EntityRef): Promise<void>;
  /** One model's vectors in key order, for rebuilding an index. */
  abstract listByModel(
    modelId: string,
    after: EntityRef | undefined,
    limit: number,
  ): Promise<EmbeddingRecord[]>;
  abstract countByModel(modelId: string): Promise<number>;
  /** Drops the vectors of every other model (after a complete re-embed with this one). */
  abstract deleteOtherModels(modelId: string): Promise<number>;
}
