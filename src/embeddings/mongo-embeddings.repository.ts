import { trusted } from 'mongoose';
import { MongoStore } from '../infra/mongo/mongo-store';
import { EmbeddingRecord, EntityRef, refKey } from './embedding';
import { EmbeddingDoc, embeddingMapper, embeddingSchema } from './embedding.schema';
import { EmbeddingsRepository } from './embeddings.repository';

export class MongoEmbeddingsRepository extends EmbeddingsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.model;
  }

  get model() {
    return this.store.model<EmbeddingDoc>('Embedding', embeddingSchema);
  }

  async findMany(modelId: string, refs: readonly EntityRef[]): Promise<EmbeddingRecord[]> {
    const ids = refs.map((r) => embeddingMapper.id(modelId, r.entity, r.id));
    const docs = await this.model.find({ _id: trusted({ $in: ids }) }).lean<EmbeddingDoc[]>();
    return docs.map(embeddingMapper.toDomain);
  }

  async upsertMany(records: readonly EmbeddingRecord[]): Promise<void> {
    if (!records.length) return;
    await this.store.transaction(async (session) => {
      await this.model.bulkWrite(
        records.map((r) => {
          const doc = embeddingMapper.toPersistence(r);
          return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
        }),
        { session },
      );
      for (const r of records)
        await this.store.recordChange(
          'embedding',
          refKey(r),
          'upsert',
          new Date(r.updatedAt),
          session,
        );
    });
  }

  async deleteForEntity(ref: EntityRef): Promise<void> {
    await this.model.deleteMany({ entity: ref.entity, entityId: ref.id });
  }

  /** The filter of one page of a model's vectors (exposed for tests that need no server). */
  pageFilter(modelId: string, after: EntityRef | undefined): Record<string, unknown> {
    return after
      ? { modelId, _id: trusted({ $gt: embeddingMapper.id(modelId, after.entity, after.id) }) }
      : { modelId };
  }

  async listByModel(
    modelId: string,
    after: EntityRef | undefined,
    limit: number,
  ): Promise<EmbeddingRecord[]> {
    const docs = await this.model
      .find(this.pageFilter(modelId, after))
      .sort({ _id: 1 })
      .limit(limit)
      .lean<EmbeddingDoc[]>();
    return docs.map(embeddingMapper.toDomain);
  }

  countByModel(modelId: string): Promise<number> {
    return this.model.countDocuments({ modelId });
  }

  async deleteOtherModels(modelId: string): Promise<number> {
    return (await this.model.deleteMany({ modelId: trusted({ $ne: modelId }) })).deletedCount;
  }
}
