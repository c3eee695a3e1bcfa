import { DEFAULT_SPEC, row, specKey } from './data';
import { HnswlibPeer } from './peers/hnswlib';
import { loadDataset, loadTruth, prepare } from './prepare';
import { meanLid, recallAt } from './truth';

/** Data-hardness check: `node dist/tune.js N Q` → hnswlib recall@10 per ef on the current spec. */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const q = Number(process.argv[3] ?? 300);
  const cache = process.env.BENCH_CACHE ?? '.cache';
  await prepare(cache, DEFAULT_SPEC, n, q);
  const ds = loadDataset(cache, DEFAULT_SPEC, n, q);
  const truth = loadTruth(cache, DEFAULT_SPEC, n, q);
  const d = truth.dists[0];
  let d1 = 0, d10 = 0;
  for (let i = 0; i < q; i++) { d1 += d[i * 10]; d10 += d[i * 10 + 9]; }
  console.log(`${specKey(DEFAULT_SPEC)} n=${n}: LID ${meanLid(truth).toFixed(1)}, mean cos to 1st NN ${(1 - d1 / q).toFixed(3)}, to 10th ${(1 - d10 / q).toFixed(3)}`);
  const peer = new HnswlibPeer();
  const t = performance.now();
  await peer.build(ds);
  console.log(`build ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const line: string[] = [];
  for (const s of peer.settings()) {
    await peer.use(s);
    let r = 0;
    for (let i = 0; i < q; i++) r += recallAt(truth, 'none', i, peer.search(row(ds.queries, i, ds.dim), 10));
    line.push(`${s.label}:${(r / q).toFixed(3)}`);
  }
  console.log(line.join(' '));
}
main();
