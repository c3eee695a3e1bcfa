import { HnswPartition } from './hnsw-partition';
import {
  IndexMeta,
  IndexParams,
  IndexedVector,
  PARTITIONS,
  Partition,
  VectorHit,
  VectorIndex,
  VectorQuery,
  compileFilter,
} from './vector-index';

/** The vector index port on hnswlib-node (cosine space), one graph per partition. */
export class HnswVectorIndex extends VectorIndex {
  readonly partitions: Record<Partition, HnswPartition>;
  private readonly partitionOf = new Map<string, Partition>();

  constructor(
    readonly modelId: string,
    readonly dimension: number,
    readonly params: IndexParams,
    partitions?: Record<Partition, HnswPartition>,
  ) {
    super();
    this.partitions = partitions ?? {
      profile: new HnswPartition(dimension, params),
      need: new HnswPartition(dimension, params),
      offer: new HnswPartition(dimension, params),
    };
    for (const p of PARTITIONS)
      for (const { key } of this.partitions[p].state().entries.values())
        this.partitionOf.set(key, p);
  }

  upsert(entries: readonly IndexedVector[]): void {
    for (const e of entries) {
      if (e.vector.length !== this.dimension)
        throw new Error(
          `vector of ${e.key} has ${e.vector.length} dimensions, the index ${this.dimension}`,
        );
      const current = this.partitionOf.get(e.key);
      if (current && current !== e.partition) this.partitions[current].remove(e.key);
      this.partitions[e.partition].upsert(e.key, e.vector, e.meta);
      this.partitionOf.set(e.key, e.partition);
    }
  }

  remove(keys: readonly string[]): void {
    for (const key of keys) {
      const p = this.partitionOf.get(key);
      if (!p) continue;
      this.partitions[p].remove(key);
      this.partitionOf.delete(key);
    }
  }

  has(key: string): boolean {
    return this.partitionOf.has(key);
  }

  metaOf(key: string): IndexMeta | undefined {
    const p = this.partitionOf.get(key);
    return p && this.partitions[p].meta(key);
  }

  partitionOfKey(key: string): Partition | undefined {
    return this.partitionOf.get(key);
  }

  vectorOf(key: string): Float32Array | undefined {
    const p = this.partitionOf.get(key);
    return p && this.partitions[p].vectorOf(key);
  }

  search(query: VectorQuery): VectorHit[] {
    if (query.vector.length !== this.dimension)
      throw new Error(`query has ${query.vector.length} dimensions, the index ${this.dimension}`);
    const partition = this.partitions[query.partition];
    return partition.search(
      Array.from(query.vector),
      query.k,
      compileFilter(query.filter, partition),
    );
  }

  size(partition?: Partition): number {
    return partition
      ? this.partitions[partition].size
      : PARTITIONS.reduce((n, p) => n + this.partitions[p].size, 0);
  }
}
