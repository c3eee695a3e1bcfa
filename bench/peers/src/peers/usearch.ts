import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { Dataset, ECONOMIES, Filter } from '../data';
import { EF_LIST, Peer, Setting, keptFraction, pkgVersion, predicate } from './peer';

/**
 * usearch (HNSW, f32, cosine). Its Node binding takes expansion_search only in the constructor, so
 * a new search setting = a new Index loading the saved file. No filter predicate in the Node
 * binding (the C/C++/Rust APIs have filtered_search): filters are done by over-fetching
 * k / keptFraction × 1.5 and post-filtering, doubling until k rows pass.
 */
export class UsearchPeer implements Peer {
  readonly name: string;
  readonly packages = [pkgVersion('usearch')];
  readonly indexKind: string;
  readonly filterHow =
    'none in the Node binding: over-fetch ceil(k / kept fraction × 1.5) then post-filter in JS, doubling until k pass';
  readonly notes: string[];
  private index!: Index;
  private economy!: Uint8Array;
  private dim = 0;
  private n = 0;
  private ef = 0;

  constructor(private readonly threads = 1, private readonly m = 16, private readonly efConstruction = 200) {
    this.name = threads === 1 ? 'usearch' : `usearch-${threads}t`;
    this.indexKind = `HNSW f32 M=${m} efC=${efConstruction}`;
    this.notes = [`build with add(keys, vectors, threads=${threads}) in batches of 10k; search threads=1`];
  }

  private make(ef: number): Index {
    return new Index({
      dimensions: this.dim,
      metric: MetricKind.Cos,
      quantization: ScalarKind.F32,
      connectivity: this.m,
      expansion_add: this.efConstruction,
      expansion_search: ef,
      multi: false,
    });
  }

  async build(ds: Dataset): Promise<void> {
    this.dim = ds.dim;
    this.n = ds.n;
    this.economy = ds.economy;
    this.ef = 64;
    this.index = this.make(this.ef);
    const B = 10_000;
    const t = performance.now();
    for (let a = 0; a < ds.n; a += B) {
      const b = Math.min(ds.n, a + B);
      const keys = new BigUint64Array(b - a);
      for (let i = a; i < b; i++) keys[i - a] = BigInt(i);
      this.index.add(keys, ds.vectors.slice(a * ds.dim, b * ds.dim), this.threads);
      if (a && a % 100_000 === 0) process.stderr.write(`    usearch added ${a} (${((performance.now() - t) / 1000).toFixed(0)} s)\n`);
    }
  }

  settings(): Setting[] {
    return EF_LIST.map((ef) => ({ label: `ef=${ef}`, ef }));
  }

  private file(dir: string): string {
    return join(dir, 'usearch.bin');
  }

  async use(s: Setting, dir: string): Promise<void> {
    const ef = Number(s.ef);
    if (ef === this.ef) return;
    if (!existsSync(this.file(dir))) this.index.save(this.file(dir));
    await this.release();
    this.index = this.make(ef);
    this.index.load(this.file(dir));
    this.ef = ef;
  }

  search(q: Float32Array, k: number, filter?: Filter): number[] {
    if (!filter) return Array.from(this.index.search(q, k, 1).keys, Number);
    const ok = predicate(this.economy, filter)!;
    let want = Math.ceil((k / keptFraction(ECONOMIES.length, filter)) * 1.5);
    for (;;) {
      const got = Array.from(this.index.search(q, Math.min(want, this.n), 1).keys, Number).filter(ok);
      if (got.length >= k || want >= this.n) return got.slice(0, k);
      want *= 2;
    }
  }

  async save(dir: string): Promise<number> {
    this.index.save(this.file(dir));
    return statSync(this.file(dir)).size;
  }

  async reopen(dir: string): Promise<void> {
    await this.release();
    this.index = this.make(this.ef);
    this.index.load(this.file(dir));
  }

  /** Drops the current index; N-API finalizers run after a GC, on a later tick. */
  private async release(): Promise<void> {
    this.index = undefined as unknown as Index;
    for (let i = 0; i < 3; i++) {
      global.gc?.();
      await new Promise((r) => setImmediate(r));
    }
  }

  async close(): Promise<void> {}
}
