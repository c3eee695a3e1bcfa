import * as lancedb from '@lancedb/lancedb';
import {
  Field,
  FixedSizeList,
  Float32,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table as ArrowTable,
  makeData,
} from 'apache-arrow';
import { Dataset, Filter } from '../data';
import { EF_LIST, Peer, Setting, duBytes, pkgVersion } from './peer';

type Kind = 'hnsw-sq' | 'ivf-pq';

/**
 * LanceDB embedded (a Lance dataset in a local folder). The table is written in 100k-row batches,
 * then the vector index (IVF_HNSW_SQ or IVF_PQ, cosine) and a bitmap index on economy are built.
 * Filters are SQL `.where()` prefilters (the default), backed by the bitmap index.
 */
export class LancePeer implements Peer {
  readonly name: string;
  readonly packages = [pkgVersion('@lancedb/lancedb'), pkgVersion('apache-arrow')];
  readonly indexKind: string;
  readonly filterHow = 'native: .where("economy NOT IN (3)") / .where("economy IN (3, 13)") prefilter (default), bitmap scalar index on economy';
  readonly notes: string[];
  private db!: lancedb.Connection;
  private tbl!: lancedb.Table;
  private setting: Setting = { label: '' };
  private n = 0;

  constructor(private readonly kind: Kind) {
    this.name = `lancedb-${kind}`;
    this.indexKind =
      kind === 'hnsw-sq'
        ? 'IVF_HNSW_SQ (1 partition, m=16, efC=200, 8-bit SQ) cosine'
        : 'IVF_PQ (sqrt(n) partitions, 48 sub-vectors × 8 bit) cosine';
    this.notes = [
      'index build and queries run on LanceDB\'s own Rust thread pools (both cores); queries are awaited one at a time',
    ];
  }

  async build(ds: Dataset, dir: string): Promise<void> {
    this.n = ds.n;
    const dim = ds.dim;
    const vecType = new FixedSizeList(dim, new Field('item', new Float32(), true));
    const schema = new Schema([
      new Field('id', new Int32(), false),
      new Field('economy', new Int32(), false),
      new Field('vector', vecType, false),
    ]);
    const batch = (a: number, b: number): ArrowTable => {
      const len = b - a;
      const ids = makeData({ type: new Int32(), length: len, data: Int32Array.from({ length: len }, (_, i) => a + i) });
      const eco = makeData({ type: new Int32(), length: len, data: Int32Array.from(ds.economy.subarray(a, b)) });
      const vals = makeData({ type: new Float32(), length: len * dim, data: ds.vectors.slice(a * dim, b * dim) });
      const vec = makeData({ type: vecType, length: len, nullCount: 0, child: vals });
      const struct = makeData({ type: new Struct(schema.fields), length: len, nullCount: 0, children: [ids, eco, vec] });
      return new ArrowTable([new RecordBatch(schema, struct)]);
    };
    const B = 100_000;
    this.db = await lancedb.connect(dir);
    this.tbl = await this.db.createTable('items', batch(0, Math.min(ds.n, B)), { mode: 'overwrite' });
    for (let a = B; a < ds.n; a += B) await this.tbl.add(batch(a, Math.min(ds.n, a + B)));
    const t = performance.now();
    const config =
      this.kind === 'hnsw-sq'
        ? lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions: 1, m: 16, efConstruction: 200 })
        : lancedb.Index.ivfPq({
            distanceType: 'cosine',
            numPartitions: Math.round(Math.sqrt(ds.n)),
            numSubVectors: dim / 8,
          });
    await this.tbl.createIndex('vector', { config });
    await this.tbl.createIndex('economy', { config: lancedb.Index.bitmap() });
    process.stderr.write(`    lancedb indexes built in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  }

  settings(): Setting[] {
    if (this.kind === 'hnsw-sq')
      return [
        ...EF_LIST.map((ef) => ({ label: `ef=${ef}`, ef })),
        ...[32, 64, 128].map((ef) => ({ label: `ef=${ef} refine=2`, ef, refine: 2 })),
      ];
    const out: Setting[] = [];
    for (const nprobes of [20, 40, 80, 160])
      for (const refine of [10, 40]) out.push({ label: `nprobes=${nprobes} refine=${refine}`, nprobes, refine });
    return out;
  }

  async use(s: Setting): Promise<void> {
    this.setting = s;
  }

  async search(q: Float32Array, k: number, filter?: Filter): Promise<number[]> {
    let query = this.tbl.query().nearestTo(Float32Array.from(q)).distanceType('cosine').select(['id', '_distance']).limit(k);
    const s = this.setting;
    // Lance requires ef >= k × refineFactor.
    if (s.ef !== undefined) query = query.ef(Math.max(Number(s.ef), k * Number(s.refine ?? 1))).nprobes(1);
    if (s.nprobes !== undefined) query = query.nprobes(Number(s.nprobes));
    if (s.refine !== undefined) query = query.refineFactor(Number(s.refine));
    if (filter)
      query = query.where(
        filter.kind === 'exclude'
          ? `economy NOT IN (${filter.economies.join(', ')})`
          : `economy IN (${filter.economies.join(', ')})`,
      );
    const t = await query.toArrow();
    return Array.from(t.getChild('id')!.toArray() as Int32Array);
  }

  async save(dir: string): Promise<number> {
    // A Lance dataset is its own snapshot: data files, index files and manifests.
    return duBytes(dir);
  }

  async reopen(dir: string): Promise<void> {
    this.tbl.close();
    this.db.close();
    global.gc?.();
    this.db = await lancedb.connect(dir);
    this.tbl = await this.db.openTable('items');
  }

  async close(): Promise<void> {
    this.tbl.close();
    this.db.close();
  }
}
