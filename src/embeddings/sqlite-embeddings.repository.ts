import { Db, recordChange, settle, stmt } from '../infra/sqlite/sqlite-database';
import {
  EmbeddedEntity,
  EmbeddingRecord,
  EntityRef,
  bufferToVectors,
  refKey,
  vectorsToBuffer,
} from './embedding';
import { EmbeddingsRepository } from './embeddings.repository';

interface EmbeddingRow {
  entity: EmbeddedEntity;
  entity_id: string;
  model_id: string;
  dimension: number;
  content_hash: string;
  vector: Buffer;
  updated_at: string;
}

const toRecord = (r: EmbeddingRow): EmbeddingRecord => ({
  entity: r.entity,
  id: r.entity_id,
  modelId: r.model_id,
  dimension: r.dimension,
  contentHash: r.content_hash,
  vectors: bufferToVectors(r.vector, r.dimension),
  updatedAt: r.updated_at,
});

export class SqliteEmbeddingsRepository extends EmbeddingsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  findMany(modelId: string, refs: readonly EntityRef[]): Promise<EmbeddingRecord[]> {
    return settle(() => {
      const find = stmt(
        this.db,
        'SELECT * FROM embeddings WHERE model_id = ? AND entity = ? AND entity_id = ?',
      );
      return refs
        .map((r) => find.get(modelId, r.entity, r.id) as EmbeddingRow | undefined)
        .filter((r) => !!r)
        .map(toRecord);
    });
  }

  upsertMany(records: readonly EmbeddingRecord[]): Promise<void> {
    return settle(() =>
      this.db.transaction(() => {
        const upsert = stmt(
          this.db,
          `INSERT INTO embeddings (entity, entity_id, model_id, dimension, content_hash, vector, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (model_id, entity, entity_id) DO UPDATE SET dimension = excluded.dimension,
             content_hash = excluded.content_hash, vector = excluded.vector, updated_at = excluded.updated_at`,
        );
        for (const r of records) {
          upsert.run(
            r.entity,
            r.id,
            r.modelId,
            r.dimension,
            r.contentHash,
            vectorsToBuffer(r.vectors),
            r.updatedAt,
          );
          recordChange(this.db, 'embedding', refKey(r), 'upsert', r.updatedAt);
        }
      })(),
    );
  }

  deleteForEntity(ref: EntityRef): Promise<void> {
    return settle(() => {
      stmt(this.db, 'DELETE FROM embeddings WHERE entity = ? AND entity_id = ?').run(
        ref.entity,
        ref.id,
      );
    });
  }

  listByModel(
    modelId: string,
    after: EntityRef | undefined,
    limit: number,
  ): Promise<EmbeddingRecord[]> {
    return settle(() => {
      const rows = after
        ? stmt(
            this.db,
            'SELECT * FROM embeddings WHERE model_id = ? AND (entity, entity_id) > (?, ?) ORDER BY entity, entity_id LIMIT ?',
          ).all(modelId, after.entity, after.id, limit)
        : stmt(
            this.db,
            'SELECT * FROM embeddings WHERE model_id = ? ORDER BY entity, entity_id LIMIT ?',
          ).all(modelId, limit);
      return (rows as EmbeddingRow[]).map(toRecord);
    });
  }

  countByModel(modelId: string): Promise<number> {
    return settle(
      () =>
        (
          stmt(this.db, 'SELECT count(*) AS n FROM embeddings WHERE model_id = ?').get(modelId) as {
            n: number;
          }
        ).n,
    );
  }

  deleteOtherModels(modelId: string): Promise<number> {
    return settle(
      () => stmt(this.db, 'DELETE FROM embeddings WHERE model_id != ?').run(modelId).changes,
    );
  }
}
