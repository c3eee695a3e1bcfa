import Database from 'better-sqlite3';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import * as sqliteVec from 'sqlite-vec';
import { Dataset, Filter, row } from '../data';
import { Peer, Setting, pkgVersion } from './peer';

/**
 * sqlite-vec vec0 virtual table in a file database (better-sqlite3): exact brute-force KNN, with
 * the economy as a vec0 metadata column so filters go into the KNN query itself
 * (`economy != ?`, `economy in (?, ?)`).
 */
export class SqliteVecPeer implements Peer {
  readonly name = 'sqlite-vec';
  readonly packages = [pkgVersion('sqlite-vec'), pkgVersion('better-sqlite3')];
  readonly indexKind = 'vec0 float[384] (exact scan), metadata column economy';
  readonly filterHow = 'native: vec0 metadata column in the KNN WHERE (economy != ? / economy IN (?, ?)), applied during the scan';
  readonly notes = ['file DB, journal_mode=OFF, synchronous=OFF for the bulk load; mmap_size 8 GiB'];
  private db!: Database.Database;
  private stmts!: Record<'none' | 'exclude' | 'only', Database.Statement>;
  private dim = 0;

  private file(dir: string): string {
    return join(dir, 'vec.db');
  }

  private open(dir: string): void {
    this.db = new Database(this.file(dir));
    sqliteVec.load(this.db);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('mmap_size = 8589934592');
  }

  private prepare(): void {
    const knn = 'select id from items where embedding match ? and k = ?';
    this.stmts = {
      none: this.db.prepare(knn).pluck(),
      exclude: this.db.prepare(`${knn} and economy != ?`).pluck(),
      only: this.db.prepare(`${knn} and economy in (?, ?)`).pluck(),
    };
  }

  async build(ds: Dataset, dir: string): Promise<void> {
    this.dim = ds.dim;
    this.open(dir);
    this.db.exec(
      `create virtual table items using vec0(id integer primary key, embedding float[${ds.dim}] distance_metric=cosine, economy integer)`,
    );
    const ins = this.db.prepare('insert into items(id, embedding, economy) values (?, ?, ?)');
    const load = this.db.transaction((a: number, b: number) => {
      for (let i = a; i < b; i++) {
        const v = row(ds.vectors, i, ds.dim);
        ins.run(BigInt(i), Buffer.from(v.buffer, v.byteOffset, v.byteLength), BigInt(ds.economy[i]));
      }
    });
    for (let a = 0; a < ds.n; a += 10_000) load(a, Math.min(ds.n, a + 10_000));
    this.prepare();
  }

  settings(): Setting[] {
    return [{ label: 'exact' }];
  }

  async use(): Promise<void> {}

  search(q: Float32Array, k: number, filter?: Filter): number[] {
    const buf = Buffer.from(q.buffer, q.byteOffset, q.byteLength);
    if (!filter) return this.stmts.none.all(buf, k) as number[];
    if (filter.kind === 'exclude' && filter.economies.length === 1)
      return this.stmts.exclude.all(buf, k, filter.economies[0]) as number[];
    if (filter.kind === 'only' && filter.economies.length === 2)
      return this.stmts.only.all(buf, k, ...filter.economies) as number[];
    throw new Error('filter shape not prepared');
  }

  async save(dir: string): Promise<number> {
    this.db.close();
    const bytes = statSync(this.file(dir)).size;
    this.open(dir);
    this.prepare();
    return bytes;
  }

  async reopen(dir: string): Promise<void> {
    this.db.close();
    this.open(dir);
    this.prepare();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
