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

/** The graph key of a record's chunk: the record key for the first, `key#n` for the others. */
export const chunkKey = (key: string, chunk: number) => (chunk ? `${key}#${chunk}` : key);
const recordKeyOf = (graphKey: string) => {
  const at = graphKey.lastIndexOf('#');
  return at < 0 ? graphKey : graphKey.slice(0, at);
};

/**
 * The vector index port on hnswlib-node (cosine space), one graph per partition. A record with
 * several chunks has one point per chunk; a search returns records, each scored by its best chunk.
 */
export class HnswVectorIndex extends VectorIndex {
  readonly partitions: Record<Partition, HnswPartition>;
  private readonly partitionOf = new Map<string, Partition>();
  private readonly chunks = new Map<string, number>();
  /**
   * Recently read records' vectors: hnswlib hands a point back as a fresh JS array, and scoring a
   * pool reads the same candidates' vectors again and again. Bounded (least recently used out).
   */
  private readonly recent = new Map<string, Float32Array[]>();
  static readonly RECENT_RECORDS = 20_000;

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
      for (const { key } of this.partitions[p].state().entries.values()) {
        const record = recordKeyOf(key);
        this.partitionOf.set(record, p);
        this.chunks.set(record, (this.chunks.get(record) ?? 0) + 1);
      }
  }

  upsert(entries: readonly IndexedVector[]): void {
    for (const e of entries) {
      if (!e.vectors.length) throw new Error(`${e.key} has no vector`);
      for (const v of e.vectors)
        if (v.length !== this.dimension)
          throw new Error(
            `vector of ${e.key} has ${v.length} dimensions, the index ${this.dimension}`,
          );
      const current = this.partitionOf.get(e.key);
      const before = this.chunks.get(e.key) ?? 0;
      if (current && current !== e.partition) this.removeChunks(current, e.key, 0, before);
      else if (current) this.removeChunks(current, e.key, e.vectors.length, before);
      e.vectors.forEach((v, i) =>
        this.partitions[e.partition].upsert(chunkKey(e.key, i), v, e.meta),
      );
      this.partitionOf.set(e.key, e.partition);
      this.chunks.set(e.key, e.vectors.length);
      this.recent.delete(e.key);
    }
  }

  remove(keys: readonly string[]): void {
    for (const key of keys) {
      const p = this.partitionOf.get(key);
      if (!p) continue;
      this.removeChunks(p, key, 0, this.chunks.get(key) ?? 1);
      this.partitionOf.delete(key);
      this.chunks.delete(key);
      this.recent.delete(key);
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
    return this.vectorsOf(key)[0];
  }

  vectorsOf(key: string): Float32Array[] {
    const cached = this.recent.get(key);
    if (cached) {
      this.recent.delete(key);
      this.recent.set(key, cached);
      return cached;
    }
    const p = this.partitionOf.get(key);
    if (!p) return [];
    const vectors: Float32Array[] = [];
    for (let i = 0; i < (this.chunks.get(key) ?? 1); i++) {
      const v = this.partitions[p].vectorOf(chunkKey(key, i));
      if (v) vectors.push(v);
    }
    this.recent.set(key, vectors);
    if (this.recent.size > HnswVectorIndex.RECENT_RECORDS)
      this.recent.delete(this.recent.keys().next().value!);
    return vectors;
  }

  /** The k records with the closest chunks: asks the graph for more points until k records. */
  search(query: VectorQuery): VectorHit[] {
    if (query.vector.length !== this.dimension)
      throw new Error(`query has ${query.vector.length} dimensions, the index ${this.dimension}`);
    const partition = this.partitions[query.partition];
    const vector = Array.from(query.vector);
    const accept = compileFilter(query.filter, partition);
    let asked = query.k;
    for (;;) {
      const points = partition.search(vector, asked, accept);
      const best = new Map<string, VectorHit>();
      for (const hit of points) {
        const key = recordKeyOf(hit.key);
        if (!best.has(key)) best.set(key, { ...hit, key });
      }
      if (best.size >= query.k || points.length < asked || asked >= partition.size)
        return [...best.values()].slice(0, query.k);
      asked = Math.min(partition.size, asked * 3);
    }
  }

  /** Records, not chunk points. */
  size(partition?: Partition): number {
    if (!partition) return this.partitionOf.size;
    let n = 0;
    for (const p of this.partitionOf.values()) if (p === partition) n += 1;
    return n;
  }

  private removeChunks(partition: Partition, key: string, from: number, to: number): void {
    for (let i = from; i < to; i++) this.partitions[partition].remove(chunkKey(key, i));
  }
}
