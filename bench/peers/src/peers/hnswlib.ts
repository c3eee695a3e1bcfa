import { HierarchicalNSW } from 'hnswlib-node';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { Dataset, Filter, row } from '../data';
import { EF_LIST, Peer, Setting, pkgVersion, predicate } from './peer';

/** hnswlib-node, used like the service uses it (Array.from per call, label = row, JS filter callback). */
export class HnswlibPeer implements Peer {
  readonly name = 'hnswlib-node';
  readonly packages = [pkgVersion('hnswlib-node')];
  readonly indexKind: string;
  readonly filterHow = 'native: searchKnn(q, k, label => boolean), a JS callback per visited candidate (in-graph filtering)';
  readonly notes = ['single-threaded build (addPoint one at a time, as the service does)'];
  private index!: HierarchicalNSW;
  private economy!: Uint8Array;
  private dim = 0;

  constructor(private readonly m = 16, private readonly efConstruction = 200) {
    this.indexKind = `HNSW f32 M=${m} efC=${efConstruction}`;
  }

  async build(ds: Dataset): Promise<void> {
    this.dim = ds.dim;
    this.economy = ds.economy;
    this.index = new HierarchicalNSW('cosine', ds.dim);
    this.index.initIndex(ds.n, this.m, this.efConstruction, 100);
    const t = performance.now();
    for (let i = 0; i < ds.n; i++) {
      this.index.addPoint(Array.from(row(ds.vectors, i, ds.dim)), i);
      if (i && i % 100_000 === 0) process.stderr.write(`    hnswlib added ${i} (${((performance.now() - t) / 1000).toFixed(0)} s)\n`);
    }
  }

  settings(): Setting[] {
    return EF_LIST.map((ef) => ({ label: `ef=${ef}`, ef }));
  }

  async use(s: Setting): Promise<void> {
    this.index.setEf(Number(s.ef));
  }

  search(q: Float32Array, k: number, filter?: Filter): number[] {
    return this.index.searchKnn(Array.from(q), k, predicate(this.economy, filter)).neighbors;
  }

  private file(dir: string): string {
    return join(dir, 'hnswlib.bin');
  }

  async save(dir: string): Promise<number> {
    await this.index.writeIndex(this.file(dir));
    return statSync(this.file(dir)).size;
  }

  async reopen(dir: string): Promise<void> {
    const ef = this.index.getEf();
    this.index = new HierarchicalNSW('cosine', this.dim);
    await this.index.readIndex(this.file(dir));
    this.index.setEf(ef);
  }

  async close(): Promise<void> {}
}
