import { HierarchicalNSW } from 'hnswlib-node';
import { IndexMeta, IndexParams } from './vector-index';

const INITIAL_CAPACITY = 1024;
const RANDOM_SEED = 100;

/**
 * Per-label typed columns of the fields hard filters test most (economy, area, validity, owning
 * cluster), so a filtered search tests typed arrays instead of walking objects: the filter is
 * called from hnswlib for every candidate it visits.
 */
export class LabelColumns {
  economy = new Uint16Array(1024);
  area = new Uint8Array(1024);
  /** Days since 1970 of validUntil; 0x7fffffff for records without one. */
  validDay = new Int32Array(1024);
  cluster = new Uint32Array(1024);
  private readonly codes = new Map<string, number>();
  private readonly names: string[] = [''];

  /** A small integer for a string (0 is reserved for 'none'). */
  code(value: string | undefined): number {
    if (value === undefined) return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.names.length;
      this.codes.set(value, c);
      this.names.push(value);
    }
    return c;
  }

  /** The code of a value, or -1 when no label ever had it. */
  lookup(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  set(label: number, meta: IndexMeta): void {
    if (label >= this.economy.length) this.grow(label + 1);
    this.economy[label] = this.code(meta.economy);
    this.area[label] = this.code(meta.area);
    this.validDay[label] = meta.validUntil
      ? Math.floor(Date.parse(`${meta.validUntil}T00:00:00Z`) / 86400000)
      : 0x7fffffff;
    this.cluster[label] = this.code(meta.clusterId);
  }

  private grow(min: number): void {
    const size = Math.max(min, this.economy.length * 2);
    const grow = <T extends Uint16Array | Uint8Array | Int32Array | Uint32Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.economy = grow(this.economy, (n) => new Uint16Array(n));
    this.area = grow(this.area, (n) => new Uint8Array(n));
    this.validDay = grow(this.validDay, (n) => new Int32Array(n));
    this.cluster = grow(this.cluster, (n) => new Uint32Array(n));
  }
}

export interface PartitionState {
  /** Live entries by label. */
  entries: Map<number, { key: string; meta: IndexMeta }>;
  nextLabel: number;
}

/**
 * One hnswlib graph with its label bookkeeping. Labels are never reused: hnswlib reuses the slots
 * of deleted points itself (allowReplaceDeleted), and reusing a label whose old slot is still
 * marked deleted would corrupt its label table.
 */
export class HnswPartition {
  readonly hnsw: HierarchicalNSW;
  private readonly labelOf = new Map<string, number>();
  private entries: Map<number, { key: string; meta: IndexMeta }>;
  private nextLabel: number;
  private ef = 0;
  readonly columns = new LabelColumns();

  constructor(
    readonly dimension: number,
    private readonly params: IndexParams,
    loaded?: { hnsw: HierarchicalNSW; state: PartitionState },
  ) {
    if (loaded) {
      this.hnsw = loaded.hnsw;
      this.entries = loaded.state.entries;
      this.nextLabel = loaded.state.nextLabel;
      for (const [label, e] of this.entries) {
        this.labelOf.set(e.key, label);
        this.columns.set(label, e.meta);
      }
    } else {
      this.hnsw = new HierarchicalNSW('cosine', dimension);
      this.hnsw.initIndex(INITIAL_CAPACITY, params.m, params.efConstruction, RANDOM_SEED, true);
      this.entries = new Map();
      this.nextLabel = 0;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  state(): PartitionState {
    return { entries: this.entries, nextLabel: this.nextLabel };
  }

  has(key: string): boolean {
    return this.labelOf.has(key);
  }

  upsert(key: string, vector: Float32Array, meta: IndexMeta): void {
    const existing = this.labelOf.get(key);
    if (existing !== undefined) {
      // Same label, new vector: hnswlib updates the point in place.
      this.hnsw.addPoint(Array.from(vector), existing);
      this.entries.set(existing, { key, meta });
      this.columns.set(existing, meta);
      return;
    }
    this.ensureCapacity();
    const label = this.nextLabel++;
    this.hnsw.addPoint(Array.from(vector), label, true);
    this.labelOf.set(key, label);
    this.entries.set(label, { key, meta });
    this.columns.set(label, meta);
  }

  remove(key: string): boolean {
    const label = this.labelOf.get(key);
    if (label === undefined) return false;
    this.hnsw.markDelete(label);
    this.labelOf.delete(key);
    this.entries.delete(label);
    return true;
  }

  /** The label's entry (metadata and key), for filters that need more than the columns. */
  entry(label: number): { key: string; meta: IndexMeta } | undefined {
    return this.entries.get(label);
  }

  meta(key: string): IndexMeta | undefined {
    const label = this.labelOf.get(key);
    return label === undefined ? undefined : this.entries.get(label)?.meta;
  }

  vectorOf(key: string): Float32Array | undefined {
    const label = this.labelOf.get(key);
    return label === undefined ? undefined : Float32Array.from(this.hnsw.getPoint(label));
  }

  /** k nearest live points whose label passes `accept`, closest first. */
  search(
    vector: number[],
    k: number,
    accept?: (label: number) => boolean,
  ): { key: string; score: number; meta: IndexMeta }[] {
    const n = Math.min(k, this.entries.size);
    if (n <= 0) return [];
    const ef = Math.max(this.params.efSearch, n);
    if (ef !== this.ef) {
      this.hnsw.setEf(ef);
      this.ef = ef;
    }
    const entries = this.entries;
    const { neighbors, distances } = this.hnsw.searchKnn(vector, n, accept);
    const hits: { key: string; score: number; meta: IndexMeta }[] = [];
    for (let i = 0; i < neighbors.length; i++) {
      const e = entries.get(neighbors[i]);
      if (e) hits.push({ key: e.key, score: 1 - distances[i], meta: e.meta });
    }
    return hits;
  }

  private ensureCapacity(): void {
    const max = this.hnsw.getMaxElements();
    // Slots in use = live points + deleted points not yet reused.
    if (this.hnsw.getCurrentCount() < max) return;
    this.hnsw.resizeIndex(Math.ceil(max * 1.5) + INITIAL_CAPACITY);
  }
}
