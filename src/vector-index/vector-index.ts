import { EmbeddedEntity } from '../embeddings/embedding';

/** Profiles (clusters and members), needs and offers are searched separately. */
export const PARTITIONS = ['profile', 'need', 'offer'] as const;
export type Partition = (typeof PARTITIONS)[number];

/** What the index keeps beside each vector, to filter and to explain hits without the store. */
export interface IndexMeta {
  entity: EmbeddedEntity;
  id: string;
  economy: string;
  clusterId: string;
  memberId: string | null;
  /** Items only. */
  area?: string;
  validUntil?: string;
  targetEconomies?: string[];
  /** The record's sector codes and all their ancestors. */
  sectorIndex: string[];
}

export interface IndexedVector {
  /** '<entity>:<id>' */
  key: string;
  partition: Partition;
  /** One vector per chunk of the record's text (at least one). */
  vectors: Float32Array[];
  meta: IndexMeta;
}

/** Hard filters of a kNN query; every listed condition must hold. */
export interface VectorFilter {
  economies?: readonly string[];
  excludeEconomies?: readonly string[];
  entities?: readonly EmbeddedEntity[];
  areas?: readonly string[];
  sector?: string;
  excludeKeys?: readonly string[];
  excludeClusterIds?: readonly string[];
  /** Items valid on this day (`validUntil >= validOn`); profiles always pass. */
  validOn?: string;
}

export interface VectorQuery {
  partition: Partition;
  vector: Float32Array;
  k: number;
  filter?: VectorFilter;
}

export interface VectorHit {
  key: string;
  /** Cosine similarity of the record's best chunk, 1 = same direction. */
  score: number;
  meta: IndexMeta;
}

export interface IndexParams {
  /** Graph degree. */
  m: number;
  efConstruction: number;
  /** Candidate list size at query time (raised to k when k is larger). */
  efSearch: number;
}

/**
 * Port: an approximate nearest-neighbour index over one model's vectors, in three partitions.
 * Filtered queries still return k hits when k matching vectors exist.
 */
export abstract class VectorIndex {
  abstract readonly modelId: string;
  abstract readonly dimension: number;
  abstract readonly params: IndexParams;
  /** Adds or replaces (a record may move between partitions, e.g. a need becoming an offer). */
  abstract upsert(entries: readonly IndexedVector[]): void;
  abstract remove(keys: readonly string[]): void;
  abstract has(key: string): boolean;
  abstract search(query: VectorQuery): VectorHit[];
  /** The record's first chunk vector (what leads with its name or title), if indexed. */
  abstract vectorOf(key: string): Float32Array | undefined;
  /** Every chunk vector of the record, in text order; empty when not indexed. */
  abstract vectorsOf(key: string): Float32Array[];
  /** The metadata kept beside a record's vector, if indexed. */
  abstract metaOf(key: string): IndexMeta | undefined;
  abstract partitionOfKey(key: string): Partition | undefined;
  abstract size(partition?: Partition): number;
}

/** A graph key's record: chunks beyond the first are keyed `<record>#<n>`. */
function recordKey(graphKey: string): string {
  const at = graphKey.lastIndexOf('#');
  return at < 0 ? graphKey : graphKey.slice(0, at);
}

/** How a compiled filter reads a label: typed columns first, the full entry when needed. */
export interface LabelSource {
  columns: {
    economy: Uint16Array;
    area: Uint8Array;
    validDay: Int32Array;
    cluster: Uint32Array;
    lookup(value: string): number;
  };
  entry(label: number): { key: string; meta: IndexMeta } | undefined;
}

/**
 * Compiles a filter into a predicate over labels (undefined: no filter). Economy, area, validity
 * and cluster tests read typed columns; keys, entity types and sectors read the entry.
 */
export function compileFilter(
  filter: VectorFilter | undefined,
  source: LabelSource,
): ((label: number) => boolean) | undefined {
  if (!filter) return undefined;
  const { columns } = source;
  const tests: ((label: number) => boolean)[] = [];
  const codes = (values: readonly string[] | undefined) =>
    values && values.length ? values.map((v) => columns.lookup(v)) : undefined;
  const economies = codes(filter.economies);
  const excluded = codes(filter.excludeEconomies)?.filter((c) => c >= 0);
  const areas = codes(filter.areas);
  const excludedClusters = codes(filter.excludeClusterIds)?.filter((c) => c >= 0);
  if (economies) {
    const set = new Set(economies);
    tests.push(
      economies.length === 1
        ? (l) => columns.economy[l] === economies[0]
        : (l) => set.has(columns.economy[l]),
    );
  }
  if (excluded?.length) {
    const set = new Set(excluded);
    tests.push(
      excluded.length === 1
        ? (l) => columns.economy[l] !== excluded[0]
        : (l) => !set.has(columns.economy[l]),
    );
  }
  if (areas) {
    const set = new Set(areas);
    tests.push((l) => set.has(columns.area[l]));
  }
  if (excludedClusters?.length) {
    const set = new Set(excludedClusters);
    tests.push((l) => !set.has(columns.cluster[l]));
  }
  if (filter.validOn) {
    const day = Math.floor(Date.parse(`${filter.validOn}T00:00:00Z`) / 86400000);
    tests.push((l) => columns.validDay[l] >= day);
  }
  const entities = filter.entities?.length ? new Set(filter.entities) : undefined;
  const excludedKeys = filter.excludeKeys?.length ? new Set(filter.excludeKeys) : undefined;
  const sector = filter.sector;
  if (entities || excludedKeys || sector) {
    tests.push((l) => {
      const e = source.entry(l);
      if (!e) return false;
      return (
        (!entities || entities.has(e.meta.entity)) &&
        (!excludedKeys || !excludedKeys.has(recordKey(e.key))) &&
        (!sector || e.meta.sectorIndex.includes(sector))
      );
    });
  }
  if (!tests.length) return undefined;
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (l) => a(l) && b(l);
  }
  return (l) => tests.every((t) => t(l));
}
