import { loadavg } from 'node:os';
import { DEFAULT_SPEC, row } from './data';
import { stats, table, ms } from './measure';
import { HnswlibPeer } from './peers/hnswlib';
import { UsearchPeer } from './peers/usearch';
import { Peer } from './peers/peer';
import { loadDataset, loadTruth, prepare } from './prepare';
import { filterFor, recallAt, Variant } from './truth';

/**
 * hnswlib-node vs usearch under identical conditions on a shared machine: both built in the same
 * process in alternating 10k-row chunks (each chunk timed), then every query runs on both back to
 * back (order alternating), so load drift hits both equally. `node --expose-gc dist/duel.js N Q`.
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const q = Number(process.argv[3] ?? 1000);
  const cache = process.env.BENCH_CACHE ?? '.cache';
  await prepare(cache, DEFAULT_SPEC, n, q);
  const ds = loadDataset(cache, DEFAULT_SPEC, n, q);
  const truth = loadTruth(cache, DEFAULT_SPEC, n, q);
  const h = new HnswlibPeer();
  const u = new UsearchPeer(1);
  // Build both in interleaved chunks through the adapters' own code paths.
  const chunk = n <= 50_000 ? 5_000 : 10_000;
  const buildTime = [0, 0];
  const hi = (h as unknown as { index: any }), ui = (u as unknown as { index: any });
  await h.build({ ...ds, n: 0 } as typeof ds);
  hi.index.resizeIndex(n);
  await u.build({ ...ds, n: 0 } as typeof ds);
  (u as unknown as { n: number }).n = n;
  (h as unknown as { economy: Uint8Array }).economy = ds.economy;
  (u as unknown as { economy: Uint8Array }).economy = ds.economy;
  for (let a = 0; a < n; a += chunk) {
    // chunk = 10k rows (5k when n <= 50k)
    const b = Math.min(n, a + chunk);
    let t = performance.now();
    for (let i = a; i < b; i++) hi.index.addPoint(Array.from(row(ds.vectors, i, ds.dim)), i);
    buildTime[0] += performance.now() - t;
    t = performance.now();
    const keys = new BigUint64Array(b - a).map((_, j) => BigInt(a + j));
    ui.index.add(keys, ds.vectors.slice(a * ds.dim, b * ds.dim), 1);
    buildTime[1] += performance.now() - t;
    process.stderr.write(`  ${b} built: hnswlib ${(buildTime[0] / 1000).toFixed(0)} s, usearch ${(buildTime[1] / 1000).toFixed(0)} s (load ${loadavg()[0].toFixed(1)})\n`);
  }
  const rows: string[][] = [];
  for (const ef of [48, 64, 96, 128]) {
    await h.use({ label: '', ef });
    await u.use({ label: '', ef }, `${cache}/work/duel`);
    for (const v of ['none', 'exclude', 'only'] as Variant[]) {
      const lat: number[][] = [[], []];
      const rec = [0, 0];
      const peers: Peer[] = [h, u];
      for (let i = 0; i < q; i++) {
        const order = i % 2 ? [1, 0] : [0, 1];
        for (const p of order) {
          const t = performance.now();
          const r = peers[p].search(row(ds.queries, i, ds.dim), 10, filterFor(v, i)) as number[];
          lat[p].push(performance.now() - t);
          rec[p] += recallAt(truth, v, i, r);
        }
      }
      const [sh, su] = lat.map(stats);
      rows.push([String(ef), v, (rec[0] / q).toFixed(4), ms(sh.p50), ms(sh.p99), (rec[1] / q).toFixed(4), ms(su.p50), ms(su.p99), (su.mean / sh.mean).toFixed(2)]);
    }
  }
  table(
    `hnswlib-node vs usearch, same process, interleaved — ${n.toLocaleString('en')} vectors, ${q} queries; build (1 thread each): hnswlib ${(buildTime[0] / 1000).toFixed(0)} s, usearch ${(buildTime[1] / 1000).toFixed(0)} s (usearch/hnswlib ${(buildTime[1] / buildTime[0]).toFixed(2)})`,
    ['ef', 'filter', 'hnswlib recall', 'p50 ms', 'p99 ms', 'usearch recall', 'p50 ms', 'p99 ms', 'usearch/hnswlib mean latency'],
    rows,
  );
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
