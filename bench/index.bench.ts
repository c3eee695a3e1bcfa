import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/common/config/app-config';
import { HnswVectorIndex } from '../src/vector-index/hnsw-vector-index';
import { readSnapshot, writeSnapshot } from '../src/vector-index/index-snapshot';
import { IndexParams } from '../src/vector-index/vector-index';
import { DEFAULT_SPEC, DataModel, STREAM_DATA, STREAM_QUERIES } from './peers/src/data';
import { rng } from './synthetic-data';
import { mb, ms, percentile, printTable } from './table';

/**
 * `npm run bench:index [-- SIZE ...]`: the vector index at 100k and 1M synthetic 384-d vectors,
 * hard enough that recall depends on `ef`: every point is a mix of a few of 1,000 topic centroids
 * plus noise with a power-law spectrum in a random basis (bench/peers/src/data.ts, the generator
 * the peers benchmark uses; queries come from the same distribution and are never indexed). It
 * prints the recall/latency curve over ef, then the service's settings through the index port,
 * raw hnswlib-node on the same graph, and an exact scan.
 */
const DIM = DEFAULT_SPEC.dim;
const EF_SWEEP = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384];
const ECONOMIES = [
  'AU',
  'BN',
  'CA',
  'CL',
  'CN',
  'HK',
  'ID',
  'JP',
  'KR',
  'MY',
  'MX',
  'NZ',
  'PG',
  'PE',
  'PH',
  'RU',
  'SG',
  'TW',
  'TH',
  'US',
  'VN',
];
/** The service's defaults (INDEX_M, INDEX_EF_CONSTRUCTION, INDEX_EF_SEARCH). */
const params: IndexParams = (() => {
  const { m, efConstruction, efSearch } = loadConfig({}).index;
  return { m, efConstruction, efSearch };
})();

interface Timing {
  p50: number;
  p99: number;
  mean: number;
}
function timings(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}

function exactTopK(
  data: Float32Array,
  n: number,
  q: Float32Array,
  k: number,
  accept?: (i: number) => boolean,
): number[] {
  const bestIdx = new Int32Array(k).fill(-1);
  const bestScore = new Float32Array(k).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    if (accept && !accept(i)) continue;
    let s = 0;
    const off = i * DIM;
    for (let d = 0; d < DIM; d++) s += data[off + d] * q[d];
    if (s <= bestScore[k - 1]) continue;
    let j = k - 1;
    while (j > 0 && bestScore[j - 1] < s) {
      bestScore[j] = bestScore[j - 1];
      bestIdx[j] = bestIdx[j - 1];
      j--;
    }
    bestScore[j] = s;
    bestIdx[j] = i;
  }
  return Array.from(bestIdx).filter((i) => i >= 0);
}

async function run(n: number): Promise<void> {
  const queries = n >= 1_000_000 ? 200 : 500;
  const exactQueries = n >= 1_000_000 ? 100 : 200;
  const model = new DataModel(DEFAULT_SPEC);
  const vectors = new Float32Array(n * DIM);
  model.generate(STREAM_DATA, 0, n, vectors);
  const economyOf = new Uint8Array(n);
  const pick = rng(7);
  for (let i = 0; i < n; i++) economyOf[i] = Math.floor(pick() * ECONOMIES.length);
  const queryBlock = new Float32Array(queries * DIM);
  model.generate(STREAM_QUERIES, 0, queries, queryBlock);
  const qs = Array.from({ length: queries }, (_, i) => queryBlock.subarray(i * DIM, (i + 1) * DIM));
  const excluded = Array.from({ length: queries }, (_, i) => i % ECONOMIES.length);

  // Build through the port.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const index = new HnswVectorIndex('bench@1', DIM, params);
  const built = performance.now();
  const BATCH = 1000;
  for (let i = 0; i < n; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) {
      batch.push({
        key: `item:${j}`,
        partition: 'offer' as const,
        vectors: [vectors.subarray(j * DIM, (j + 1) * DIM)],
        meta: {
          entity: 'item' as const,
          id: String(j),
          economy: ECONOMIES[economyOf[j]],
          clusterId: `c${j % 5000}`,
          memberId: null,
          sectorIndex: [],
        },
      });
    }
    index.upsert(batch);
    if (i % 100_000 === 0 && i)
      process.stderr.write(
        `  built ${i}/${n} (${((performance.now() - built) / 1000).toFixed(0)} s)\n`,
      );
  }
  const buildSeconds = (performance.now() - built) / 1000;
  global.gc?.();
  const indexBytes = process.memoryUsage().rss - rssBefore;

  const hnsw = index.partitions.offer.hnsw;
  const labelToRow = new Int32Array(n);
  for (const [label, e] of index.partitions.offer.state().entries)
    labelToRow[label] = Number(e.meta.id);

  // Latency and recall, k=10 unfiltered and k=50 excluding one economy (as matching does).
  const port10: number[] = [];
  const raw10: number[] = [];
  const port50: number[] = [];
  const raw50: number[] = [];
  const results10: number[][] = [];
  const results50: number[][] = [];
  // Port and raw run the same query back to back; which goes first alternates, so neither
  // always finds the graph warm in the CPU caches.
  const timed = <T>(fn: () => T, into: number[]): T => {
    const t = performance.now();
    const out = fn();
    into.push(performance.now() - t);
    return out;
  };
  for (let i = 0; i < queries; i++) {
    const q = qs[i];
    const ex = excluded[i];
    const code = ECONOMIES[ex];
    const viaPort10 = () =>
      results10.push(
        timed(() => index.search({ partition: 'offer', vector: q, k: 10 }), port10).map((h) =>
          Number(h.meta.id),
        ),
      );
    const viaRaw10 = () => {
      hnsw.setEf(Math.max(params.efSearch, 10));
      timed(() => hnsw.searchKnn(Array.from(q), 10), raw10);
    };
    const viaPort50 = () =>
      results50.push(
        timed(
          () =>
            index.search({
              partition: 'offer',
              vector: q,
              k: 50,
              filter: { excludeEconomies: [code] },
            }),
          port50,
        ).map((h) => Number(h.meta.id)),
      );
    const viaRaw50 = () => {
      hnsw.setEf(Math.max(params.efSearch, 50));
      timed(
        () =>
          hnsw.searchKnn(Array.from(q), 50, (label: number) => economyOf[labelToRow[label]] !== ex),
        raw50,
      );
    };
    if (i % 2) {
      viaRaw10();
      viaPort10();
      viaRaw50();
      viaPort50();
    } else {
      viaPort10();
      viaRaw10();
      viaPort50();
      viaRaw50();
    }
  }

  const exact10: number[] = [];
  const exact50: number[] = [];
  const truths: number[][] = [];
  let recall10 = 0;
  let recall10f = 0;
  for (let i = 0; i < exactQueries; i++) {
    let t = performance.now();
    const truth = exactTopK(vectors, n, qs[i], 10);
    exact10.push(performance.now() - t);
    truths.push(truth);
    recall10 += truth.filter((id) => results10[i].includes(id)).length / truth.length;
    const ex = excluded[i];
    t = performance.now();
    const truthF = exactTopK(vectors, n, qs[i], 50, (row) => economyOf[row] !== ex);
    exact50.push(performance.now() - t);
    const top10 = truthF.slice(0, 10);
    recall10f += top10.filter((id) => results50[i].slice(0, 10).includes(id)).length / top10.length;
  }
  recall10 /= exactQueries;
  recall10f /= exactQueries;

  // The recall/latency curve: raw hnswlib-node on the same graph, k=10, over ef.
  const curve: string[][] = [];
  for (const ef of EF_SWEEP) {
    hnsw.setEf(ef);
    const lat: number[] = [];
    let recall = 0;
    for (let i = 0; i < exactQueries; i++) {
      const t0 = performance.now();
      const found = hnsw.searchKnn(Array.from(qs[i]), 10).neighbors.map((l) => labelToRow[l]);
      lat.push(performance.now() - t0);
      recall += truths[i].filter((id) => found.includes(id)).length / truths[i].length;
    }
    const tm = timings(lat);
    curve.push([String(ef), (recall / exactQueries).toFixed(4), ms(tm.p50), ms(tm.p99)]);
  }
  hnsw.setEf(params.efSearch);

  // Snapshot write and load.
  const dir = mkdtempSync(join(tmpdir(), 'pec-bench-index-'));
  let t = performance.now();
  await writeSnapshot(dir, index, n);
  const writeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const loaded = await readSnapshot(dir, { modelId: 'bench@1', dimension: DIM, params });
  const loadSeconds = (performance.now() - t) / 1000;
  const sanity = loaded.index
    .search({ partition: 'offer', vector: qs[0], k: 10 })
    .map((h) => Number(h.meta.id));
  rmSync(dir, { recursive: true, force: true });

  const p10 = timings(port10);
  const r10 = timings(raw10);
  const p50 = timings(port50);
  const r50 = timings(raw50);
  const e10 = timings(exact10);
  const e50 = timings(exact50);
  printTable(
    `vector index, ${n.toLocaleString('en')} vectors × ${DIM} d, M=${params.m} efConstruction=${params.efConstruction} efSearch=${params.efSearch}, ${queries} queries (${exactQueries} exact)`,
    ['measure', 'value'],
    [
      ['build (s)', buildSeconds.toFixed(1)],
      ['build rate (vectors/s)', (n / buildSeconds).toFixed(0)],
      ['memory of the index (RSS MB)', mb(indexBytes)],
      ['snapshot write (s)', writeSeconds.toFixed(2)],
      ['snapshot load incl. checksums (s)', loadSeconds.toFixed(2)],
      ['restart from snapshot / full rebuild', (loadSeconds / buildSeconds).toFixed(3)],
      [
        'snapshot answers like the original',
        String(JSON.stringify(sanity) === JSON.stringify(results10[0])),
      ],
      ['recall@10 (no filter)', recall10.toFixed(4)],
      ['recall@10 (other economies only)', recall10f.toFixed(4)],
    ],
  );
  printTable(
    `recall@10 against ef (raw hnswlib-node, k=10, ${exactQueries} queries with exact truth); the service searches with efSearch=${params.efSearch}`,
    ['ef', 'recall@10', 'p50 (ms)', 'p99 (ms)'],
    curve,
  );
  printTable(
    'query latency (ms): the same queries through the service port, raw hnswlib-node, and exact scan',
    [
      'query',
      'port p50',
      'port p99',
      'raw p50',
      'raw p99',
      'exact p50',
      'exact p99',
      'port/raw (mean)',
      'exact/port (p50)',
    ],
    [
      [
        'k=10',
        ms(p10.p50),
        ms(p10.p99),
        ms(r10.p50),
        ms(r10.p99),
        ms(e10.p50),
        ms(e10.p99),
        (p10.mean / r10.mean).toFixed(2),
        (e10.p50 / p10.p50).toFixed(0),
      ],
      [
        'k=50, economy filter',
        ms(p50.p50),
        ms(p50.p99),
        ms(r50.p50),
        ms(r50.p99),
        ms(e50.p50),
        ms(e50.p99),
        (p50.mean / r50.mean).toFixed(2),
        (e50.p50 / p50.p50).toFixed(0),
      ],
    ],
  );
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  for (const n of sizes.length ? sizes : [100_000, 1_000_000]) await run(n);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
