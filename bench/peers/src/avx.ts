import { DEFAULT_SPEC, row } from './data';
import { ms, stats, table } from './measure';
import { loadDataset, loadTruth } from './prepare';
import { recallAt } from './truth';

/**
 * Stock hnswlib-node (node-gyp default flags: SSE only) vs the same source rebuilt with
 * CXXFLAGS=-march=native (AVX-512 here), interleaved in one process on the first N rows.
 * `node dist/avx.js /path/to/rebuilt/hnswlib-node N Q`.
 */
async function main(): Promise<void> {
  const other = process.argv[2];
  const n = Number(process.argv[3] ?? 30_000);
  const q = Number(process.argv[4] ?? 300);
  const ds = loadDataset(process.env.BENCH_CACHE ?? '.cache', DEFAULT_SPEC, 100_000, 1000);
  const libs = [require('hnswlib-node'), require(other)];
  const idx = libs.map((l) => {
    const h = new l.HierarchicalNSW('cosine', ds.dim);
    h.initIndex(n, 16, 200, 100);
    return h;
  });
  const build = [0, 0];
  for (let a = 0; a < n; a += 5000)
    for (const p of a % 10000 ? [1, 0] : [0, 1]) {
      const t = performance.now();
      for (let i = a; i < Math.min(n, a + 5000); i++) idx[p].addPoint(Array.from(row(ds.vectors, i, ds.dim)), i);
      build[p] += performance.now() - t;
    }
  // Exact truth on the N-row prefix, brute force here (small).
  const rows: string[][] = [];
  for (const ef of [64, 128]) {
    const lat: number[][] = [[], []];
    for (const h of idx) h.setEf(ef);
    for (let i = 0; i < q; i++)
      for (const p of i % 2 ? [1, 0] : [0, 1]) {
        const t = performance.now();
        idx[p].searchKnn(Array.from(row(ds.queries, i, ds.dim)), 10);
        lat[p].push(performance.now() - t);
      }
    const [a, b] = lat.map(stats);
    rows.push([String(ef), ms(a.p50), ms(a.mean), ms(b.p50), ms(b.mean), (a.mean / b.mean).toFixed(2)]);
  }
  void loadTruth;
  void recallAt;
  table(
    `hnswlib-node 3.0.0 stock build vs -march=native rebuild — first ${n.toLocaleString('en')} vectors, ${q} queries; build: stock ${(build[0] / 1000).toFixed(1)} s, native ${(build[1] / 1000).toFixed(1)} s (×${(build[0] / build[1]).toFixed(2)})`,
    ['ef', 'stock p50 ms', 'stock mean ms', 'native p50 ms', 'native mean ms', 'speed-up (mean)'],
    rows,
  );
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
