import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HierarchicalNSW } from 'hnswlib-node';
import { DEFAULT_SPEC, ECONOMIES, Filter, passes, row } from './data';
import { ms, stats, table } from './measure';
import { keptFraction, predicate } from './peers/peer';
import { loadDataset, loadTruth } from './prepare';
import { filterFor, recallAt, Variant } from './truth';

/**
 * Filter strategies on hnswlib-node for the service's economy filters, same graph, same queries:
 *  - callback: searchKnn(q, k, label => allowed) (what the service does today);
 *  - post-filter: searchKnn(q, k' = ceil(k / kept × 1.5)) unfiltered, then drop disallowed rows
 *    (doubling k' until k pass);
 *  - subset scan: exact scan in JS over the allowed rows only (per-economy row lists).
 * `node --expose-gc dist/filters.js N Q` (builds the graph once and keeps it in .cache/work).
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const q = Number(process.argv[3] ?? 1000);
  const cache = process.env.BENCH_CACHE ?? '.cache';
  const ds = loadDataset(cache, DEFAULT_SPEC, n, q);
  const truth = loadTruth(cache, DEFAULT_SPEC, n, q);
  const file = join(cache, 'work', `hnswlib-n${n}.bin`);
  mkdirSync(join(cache, 'work'), { recursive: true });
  const index = new HierarchicalNSW('cosine', ds.dim);
  if (existsSync(file)) await index.readIndex(file);
  else {
    index.initIndex(n, 16, 200, 100);
    for (let i = 0; i < n; i++) index.addPoint(Array.from(row(ds.vectors, i, ds.dim)), i);
    await index.writeIndex(file);
  }
  const byEconomy = ECONOMIES.map(() => [] as number[]);
  for (let i = 0; i < n; i++) byEconomy[ds.economy[i]].push(i);
  const rowsOf = byEconomy.map((r) => Int32Array.from(r));

  const strategies: Record<string, (qv: Float32Array, f: Filter) => number[]> = {
    callback: (qv, f) => index.searchKnn(Array.from(qv), 10, predicate(ds.economy, f)).neighbors,
    'post-filter': (qv, f) => {
      const ok = predicate(ds.economy, f)!;
      let want = Math.ceil((10 / keptFraction(ECONOMIES.length, f)) * 1.5);
      for (;;) {
        const got = index.searchKnn(Array.from(qv), Math.min(want, n)).neighbors.filter(ok);
        if (got.length >= 10 || want >= n) return got.slice(0, 10);
        want *= 2;
      }
    },
    'subset scan (exact)': (qv, f) => {
      const lists = f.kind === 'only' ? f.economies.map((e) => rowsOf[e]) : rowsOf.filter((_, e) => passes(f, e));
      const bestS = new Float64Array(10).fill(-Infinity);
      const bestI = new Int32Array(10).fill(-1);
      const dim = ds.dim;
      const v = ds.vectors;
      for (const list of lists)
        for (let j = 0; j < list.length; j++) {
          const r = list[j];
          const off = r * dim;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let t = 0; t < dim; t += 4) {
            s0 += v[off + t] * qv[t];
            s1 += v[off + t + 1] * qv[t + 1];
            s2 += v[off + t + 2] * qv[t + 2];
            s3 += v[off + t + 3] * qv[t + 3];
          }
          const s = s0 + s1 + s2 + s3;
          if (s <= bestS[9]) continue;
          let p = 9;
          while (p > 0 && bestS[p - 1] < s) {
            bestS[p] = bestS[p - 1];
            bestI[p] = bestI[p - 1];
            p--;
          }
          bestS[p] = s;
          bestI[p] = r;
        }
      return Array.from(bestI);
    },
  };
  const out: string[][] = [];
  for (const ef of [64, 96, 128]) {
    index.setEf(ef);
    for (const v of ['exclude', 'only'] as Variant[])
      for (const [name, fn] of Object.entries(strategies)) {
        if (name.startsWith('subset') && (ef !== 64 || v === 'exclude')) continue;
        const lat: number[] = [];
        let rec = 0;
        for (let i = 0; i < q; i++) {
          const qv = row(ds.queries, i, ds.dim);
          const t = performance.now();
          const r = fn(qv, filterFor(v, i)!);
          lat.push(performance.now() - t);
          rec += recallAt(truth, v, i, r);
        }
        const s = stats(lat);
        out.push([name.startsWith('subset') ? '-' : String(ef), v, name, (rec / q).toFixed(4), ms(s.p50), ms(s.p99), ms(s.mean)]);
      }
  }
  table(
    `hnswlib-node filter strategies — ${n.toLocaleString('en')} vectors, ${q} queries, k=10 (exclude: 95.2% of rows allowed; only: 9.5%)`,
    ['ef', 'filter', 'strategy', 'recall@10', 'p50 ms', 'p99 ms', 'mean ms'],
    out,
  );
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
