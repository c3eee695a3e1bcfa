import { gaussianSource, normalise, rng } from './rng';

/**
 * Hard synthetic "sentence-embedding-like" data: every point is a weighted sum of a few topic
 * centroids (drawn from a pool) plus anisotropic Gaussian noise whose per-direction variance decays
 * like a power law (lambda_i ~ i^-alpha) in a fixed random orthonormal basis (so no coordinate axis
 * is special, which matters for product quantisers), L2-normalised. Queries come from the same
 * distribution with a different random stream, so none of them is in the data set.
 *
 * Everything is a pure function of (spec, stream, index): vector j of a 1M set equals vector j of
 * a 100k set, and any worker can generate any block.
 */
export interface DataSpec {
  dim: number;
  /** Size of the centroid pool. */
  centroids: number;
  /** How many centroids are summed per point. */
  mix: number;
  /** Power-law exponent of the noise spectrum. */
  alpha: number;
  /** Norm of the noise relative to the (unit) centroid part. */
  noise: number;
  seed: number;
}

export const DEFAULT_SPEC: DataSpec = {
  dim: 384,
  centroids: Number(process.env.BENCH_CENTROIDS ?? 1000),
  mix: Number(process.env.BENCH_MIX ?? 3),
  alpha: Number(process.env.BENCH_ALPHA ?? 0.8),
  noise: Number(process.env.BENCH_NOISE ?? 1.0),
  seed: Number(process.env.BENCH_SEED ?? 42),
};

export const ECONOMIES = [
  'AU', 'BN', 'CA', 'CL', 'CN', 'HK', 'ID', 'JP', 'KR', 'MY', 'MX',
  'NZ', 'PG', 'PE', 'PH', 'RU', 'SG', 'TW', 'TH', 'US', 'VN',
];

export function specKey(s: DataSpec): string {
  return `d${s.dim}-c${s.centroids}-m${s.mix}-a${s.alpha}-s${s.noise}-seed${s.seed}`;
}

/** Vectors are generated in blocks; each block has its own RNG stream. */
export const BLOCK = 1024;
export const STREAM_DATA = 1;
export const STREAM_QUERIES = 2;

/** The fixed parts of the distribution: centroid pool, random rotation, noise spectrum. */
export class DataModel {
  readonly centres: Float64Array; // centroids × dim, unit rows
  readonly signs: Float64Array[];
  readonly perms: Int32Array[];
  readonly hadamardBlock: number;
  readonly scale: Float64Array; // per basis direction: noise std-dev

  constructor(readonly spec: DataSpec) {
    const { dim, centroids, alpha, noise, seed } = spec;
    const g = gaussianSource(rng(seed * 7919 + 1));
    this.centres = new Float64Array(centroids * dim);
    for (let c = 0; c < centroids; c++) {
      const row = this.centres.subarray(c * dim, (c + 1) * dim);
      for (let i = 0; i < dim; i++) row[i] = g();
      normalise(row);
    }
    // A fixed random orthogonal map (see rotate()): per round a sign flip, a permutation and a
    // block Walsh–Hadamard transform. O(d log d) per point instead of d^2 for a dense rotation;
    // any rotation gives the same geometry, it only keeps the spectrum off the coordinate axes.
    const pick = rng(seed * 7919 + 2);
    this.signs = Array.from({ length: ROUNDS }, () => Float64Array.from({ length: dim }, () => (pick() < 0.5 ? -1 : 1)));
    this.perms = Array.from({ length: ROUNDS }, () => {
      const p = Int32Array.from({ length: dim }, (_, i) => i);
      for (let i = dim - 1; i > 0; i--) {
        const j = Math.floor(pick() * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
      return p;
    });
    this.hadamardBlock = largestPow2Divisor(dim);
    // lambda_i ~ i^-alpha, scaled so that E|noise|^2 = noise^2.
    this.scale = new Float64Array(dim);
    let sum = 0;
    for (let i = 0; i < dim; i++) sum += Math.pow(i + 1, -alpha);
    for (let i = 0; i < dim; i++) this.scale[i] = noise * Math.sqrt(Math.pow(i + 1, -alpha) / sum);
  }

  /** Writes points [from, to) of a stream into out (row-major, starting at row `from - offset`). */
  generate(stream: number, from: number, to: number, out: Float32Array, offset = 0): void {
    const { dim, centroids, mix, seed } = this.spec;
    const acc = new Float64Array(dim);
    const z = new Float64Array(dim);
    const tmp = new Float64Array(dim);
    const centres = this.centres;
    const scale = this.scale;
    for (let b = Math.floor(from / BLOCK); b * BLOCK < to; b++) {
      const next = rng(hash32(seed, stream, b));
      const g = gaussianSource(next);
      const start = b * BLOCK;
      const end = Math.min(to, start + BLOCK);
      for (let j = start; j < end; j++) {
        // Draw everything for point j even when it is skipped, to keep the stream aligned.
        acc.fill(0);
        for (let m = 0; m < mix; m++) {
          const c = Math.floor(next() * centroids);
          const w = m === 0 ? 1 : 0.2 + 0.6 * next();
          const off = c * dim;
          for (let i = 0; i < dim; i++) acc[i] += w * centres[off + i];
        }
        normalise(acc);
        for (let i = 0; i < dim; i++) z[i] = g() * scale[i];
        if (j < from) continue;
        this.rotate(z, tmp);
        for (let i = 0; i < dim; i++) acc[i] += z[i];
        normalise(acc);
        const o = (j - offset) * dim;
        for (let i = 0; i < dim; i++) out[o + i] = acc[i];
      }
    }
  }

  /** In place: v ← R v for the model's fixed orthogonal R (ROUNDS × sign, permute, block WHT). */
  rotate(v: Float64Array, tmp: Float64Array): void {
    const dim = v.length;
    const h = this.hadamardBlock;
    const norm = 1 / Math.sqrt(h);
    for (let r = 0; r < ROUNDS; r++) {
      const sg = this.signs[r];
      const pm = this.perms[r];
      for (let i = 0; i < dim; i++) tmp[pm[i]] = v[i] * sg[i];
      for (let b = 0; b < dim; b += h) {
        for (let len = 1; len < h; len <<= 1)
          for (let i = b; i < b + h; i += len << 1)
            for (let j = i; j < i + len; j++) {
              const x = tmp[j];
              const y = tmp[j + len];
              tmp[j] = x + y;
              tmp[j + len] = x - y;
            }
      }
      for (let i = 0; i < dim; i++) v[i] = tmp[i] * norm;
    }
  }
}

const ROUNDS = 3;
function largestPow2Divisor(n: number): number {
  let p = 1;
  while (n % (p * 2) === 0) p *= 2;
  return p;
}

export function hash32(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x27d4eb2f, 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Economy of row j: uniform over the 21 economies (each ~4.8%), independent of topic. */
export function economyOf(seed: number, j: number): number {
  return hash32(seed, 99, j) % ECONOMIES.length;
}

/** Filters of query i: exclude one economy (~4.8% of rows removed) or keep two (~9.5% kept). */
export interface Filter {
  kind: 'exclude' | 'only';
  economies: number[];
}
export function excludeFilter(i: number): Filter {
  return { kind: 'exclude', economies: [i % ECONOMIES.length] };
}
export function onlyFilter(i: number): Filter {
  return { kind: 'only', economies: [i % ECONOMIES.length, (i + 10) % ECONOMIES.length] };
}
export function passes(f: Filter | undefined, economy: number): boolean {
  if (!f) return true;
  const hit = f.economies.includes(economy);
  return f.kind === 'exclude' ? !hit : hit;
}

/** Everything a peer adapter gets. */
export interface Dataset {
  spec: DataSpec;
  n: number;
  dim: number;
  vectors: Float32Array; // n × dim
  economy: Uint8Array; // n
  queries: Float32Array; // q × dim
  q: number;
}

export function row(a: Float32Array, i: number, dim: number): Float32Array {
  return a.subarray(i * dim, (i + 1) * dim);
}
