import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SPEC, specKey } from './data';
import { PEERS } from './peers';
import { prepare, loadTruth } from './prepare';
import { DataInfo, report } from './report';
import { PeerResult } from './runner';
import { meanLid } from './truth';

/**
 * Orchestrator. Knobs (CLI flag or env):
 *   --sizes / BENCH_SIZES            100000,1000000
 *   --queries / BENCH_QUERIES        1000   (queries with exact ground truth, all timed)
 *   --target / BENCH_TARGET          0.95   (recall@10 each peer is tuned to)
 *   --peers / BENCH_PEERS            peers at sizes < 1M (default: all)
 *   --peers-large / BENCH_PEERS_LARGE  peers at sizes ≥ 1M (default: hnswlib-node,usearch,sqlite-vec)
 *   --exact-queries / BENCH_EXACT_QUERIES  query cap for the exact scanner (sqlite-vec) below 1M (default 200)
 *   --exact-queries-large / BENCH_EXACT_QUERIES_LARGE  the same at ≥ 1M (default 50)
 *   --cache / BENCH_CACHE            .cache (data sets + truth, reused across runs)
 *   --results / BENCH_RESULTS        results (one JSON per peer × size; reused with --reuse)
 *   --reuse                          skip a peer × size whose JSON exists
 *   --report-only                    only print the tables from existing JSON
 * Data-set shape: BENCH_CENTROIDS, BENCH_MIX, BENCH_ALPHA, BENCH_NOISE, BENCH_SEED.
 */
function opt(name: string, env: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.env[env] ?? def;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const started = performance.now();
  const sizes = opt('sizes', 'BENCH_SIZES', '100000,1000000').split(',').map(Number);
  const q = Number(opt('queries', 'BENCH_QUERIES', '1000'));
  const target = opt('target', 'BENCH_TARGET', '0.95');
  const peers = opt('peers', 'BENCH_PEERS', Object.keys(PEERS).join(',')).split(',');
  const peersLarge = opt('peers-large', 'BENCH_PEERS_LARGE', 'hnswlib-node,usearch,sqlite-vec').split(',');
  const exactLarge = opt('exact-queries-large', 'BENCH_EXACT_QUERIES_LARGE', '50');
  const exactSmall = opt('exact-queries', 'BENCH_EXACT_QUERIES', '200');
  const cache = resolve(opt('cache', 'BENCH_CACHE', '.cache'));
  const resultsDir = resolve(opt('results', 'BENCH_RESULTS', 'results'));
  mkdirSync(resultsDir, { recursive: true });
  const log = (s: string) => process.stderr.write(`${s}\n`);

  const data: DataInfo[] = [];
  const results: PeerResult[] = [];
  for (const n of sizes) {
    if (!flag('report-only')) {
      const t = await prepare(cache, DEFAULT_SPEC, n, q);
      if (t.genSeconds || t.truthSeconds) log(`data n=${n}: generated in ${t.genSeconds.toFixed(0)} s, truth in ${t.truthSeconds.toFixed(0)} s`);
    }
    const truth = loadTruth(cache, DEFAULT_SPEC, n, q);
    let d1 = 0, d10 = 0;
    for (let i = 0; i < q; i++) {
      d1 += truth.dists[0][i * 10];
      d10 += truth.dists[0][i * 10 + 9];
    }
    data.push({ n, q, lid: meanLid(truth), cos1: 1 - d1 / q, cos10: 1 - d10 / q, spec: specKey(DEFAULT_SPEC) });

    for (const peer of n >= 1_000_000 ? peersLarge : peers) {
      const out = join(resultsDir, `${specKey(DEFAULT_SPEC)}-n${n}-q${q}-${peer}.json`);
      if (!flag('report-only') && !(flag('reuse') && existsSync(out))) {
        log(`\n== ${peer}, ${n} vectors (load avg ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
        const maxQ = peer === 'sqlite-vec' ? (n >= 1_000_000 ? exactLarge : exactSmall) : String(q);
        const r = spawnSync(
          process.execPath,
          ['--expose-gc', '--max-old-space-size=16384', join(__dirname, 'runner.js'),
            '--peer', peer, '--n', String(n), '--q', String(q), '--cache', cache, '--target', target,
            '--max-queries', maxQ, '--out', out, '--work', join(cache, 'work', `${peer}-n${n}`)],
          { stdio: ['ignore', 'inherit', 'inherit'] },
        );
        if (r.status !== 0) log(`!! ${peer} at n=${n} failed (exit ${r.status ?? r.signal})`);
      }
      if (existsSync(out)) results.push(JSON.parse(readFileSync(out, 'utf8')) as PeerResult);
    }
  }
  const md = report(data, results);
  writeFileSync(join(resultsDir, 'tables.md'), md);
  log(`\ntotal ${((performance.now() - started) / 60000).toFixed(1)} min; tables also in ${join(resultsDir, 'tables.md')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
