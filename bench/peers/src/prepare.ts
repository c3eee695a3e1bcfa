import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BLOCK, DataSpec, Dataset, STREAM_DATA, STREAM_QUERIES, economyOf, specKey } from './data';
import { TRUTH_K, Truth, VARIANTS } from './truth';

/**
 * Data set and ground-truth cache: generated once (in worker threads), then read from disk by the
 * orchestrator and every peer process. Files: <cache>/<spec>/n<N>.f32, n<N>.eco, q<Q>.f32,
 * truth-n<N>-q<Q>.bin.
 */
const WORKER = join(__dirname, 'worker.js');

function runWorkers(tasks: object[]): Promise<void> {
  return Promise.all(
    tasks.map(
      (t) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(WORKER, { workerData: t });
          w.once('message', () => resolve());
          w.once('error', reject);
          w.once('exit', (code) => (code ? reject(new Error(`worker exit ${code}`)) : undefined));
        }),
    ),
  ).then(() => undefined);
}

function splits(total: number, parts: number, align: number): [number, number][] {
  const per = Math.ceil(total / parts / align) * align;
  const out: [number, number][] = [];
  for (let a = 0; a < total; a += per) out.push([a, Math.min(total, a + per)]);
  return out;
}

async function generate(spec: DataSpec, stream: number, count: number): Promise<Float32Array> {
  const sab = new SharedArrayBuffer(count * spec.dim * 4);
  await runWorkers(
    splits(count, availableParallelism(), BLOCK).map(([from, to]) => ({
      type: 'gen', spec, stream, from, to, out: sab, offset: 0,
    })),
  );
  return new Float32Array(sab);
}

function writeAtomic(path: string, data: Float32Array | Uint8Array): void {
  writeFileSync(`${path}.tmp`, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  renameSync(`${path}.tmp`, path);
}

function readInto<T extends Float32Array | Uint8Array | Int32Array>(path: string, make: (b: SharedArrayBuffer) => T): T {
  const buf = readFileSync(path);
  const sab = new SharedArrayBuffer(buf.byteLength);
  new Uint8Array(sab).set(buf);
  return make(sab);
}

export interface Paths {
  dir: string;
  vectors: string;
  economy: string;
  queries: string;
  truth: string;
}
export function paths(cache: string, spec: DataSpec, n: number, q: number): Paths {
  const dir = join(cache, specKey(spec));
  return {
    dir,
    vectors: join(dir, `n${n}.f32`),
    economy: join(dir, `n${n}.eco`),
    queries: join(dir, `q${q}.f32`),
    truth: join(dir, `truth-n${n}-q${q}.bin`),
  };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

/** Makes sure the data set, queries and ground truth for (n, q) are on disk. */
export async function prepare(cache: string, spec: DataSpec, n: number, q: number): Promise<{ genSeconds: number; truthSeconds: number }> {
  const p = paths(cache, spec, n, q);
  mkdirSync(p.dir, { recursive: true });
  let genSeconds = 0;
  let truthSeconds = 0;
  if (!existsSync(p.vectors) || !existsSync(p.economy)) {
    const t = performance.now();
    log(`generating ${n} vectors (${specKey(spec)}) ...`);
    const v = await generate(spec, STREAM_DATA, n);
    const eco = new Uint8Array(n);
    for (let j = 0; j < n; j++) eco[j] = economyOf(spec.seed, j);
    writeAtomic(p.vectors, v);
    writeAtomic(p.economy, eco);
    genSeconds += (performance.now() - t) / 1000;
    log(`  done in ${genSeconds.toFixed(1)} s`);
  }
  if (!existsSync(p.queries)) {
    writeAtomic(p.queries, await generate(spec, STREAM_QUERIES, q));
  }
  if (!existsSync(p.truth)) {
    const t = performance.now();
    log(`exact ground truth for ${q} queries over ${n} vectors (3 filter variants) ...`);
    const vectors = readInto(p.vectors, (b) => new Float32Array(b));
    const economy = readInto(p.economy, (b) => new Uint8Array(b));
    const queries = readInto(p.queries, (b) => new Float32Array(b));
    const ids = VARIANTS.map(() => new SharedArrayBuffer(q * TRUTH_K * 4));
    const dists = VARIANTS.map(() => new SharedArrayBuffer(q * TRUTH_K * 4));
    await runWorkers(
      splits(q, availableParallelism(), 4).map(([qa, qb]) => ({
        type: 'truth', n, dim: spec.dim, vectors: vectors.buffer, economy: economy.buffer,
        queries: queries.buffer, qa, qb, k: TRUTH_K, ids, dists,
      })),
    );
    truthSeconds = (performance.now() - t) / 1000;
    log(`  done in ${truthSeconds.toFixed(1)} s`);
    const out = new Uint8Array(VARIANTS.length * 2 * q * TRUTH_K * 4);
    let o = 0;
    for (const b of [...ids, ...dists]) {
      out.set(new Uint8Array(b), o);
      o += b.byteLength;
    }
    writeAtomic(p.truth, out);
  }
  return { genSeconds, truthSeconds };
}

export function loadDataset(cache: string, spec: DataSpec, n: number, q: number): Dataset {
  const p = paths(cache, spec, n, q);
  return {
    spec,
    n,
    dim: spec.dim,
    vectors: readInto(p.vectors, (b) => new Float32Array(b)),
    economy: readInto(p.economy, (b) => new Uint8Array(b)),
    queries: readInto(p.queries, (b) => new Float32Array(b)),
    q,
  };
}

export function loadTruth(cache: string, spec: DataSpec, n: number, q: number): Truth {
  const p = paths(cache, spec, n, q);
  const buf = readFileSync(p.truth);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const size = q * TRUTH_K;
  const ids = VARIANTS.map((_, v) => new Int32Array(ab, v * size * 4, size));
  const dists = VARIANTS.map((_, v) => new Float32Array(ab, (VARIANTS.length + v) * size * 4, size));
  return { q, k: TRUTH_K, ids, dists };
}
