import { Filter, excludeFilter, onlyFilter, passes } from './data';

/** Ground truth of one query set: exact top-K ids and cosine distances for each filter variant. */
export const VARIANTS = ['none', 'exclude', 'only'] as const;
export type Variant = (typeof VARIANTS)[number];
export const TRUTH_K = 10;

export function filterFor(variant: Variant, i: number): Filter | undefined {
  return variant === 'exclude' ? excludeFilter(i) : variant === 'only' ? onlyFilter(i) : undefined;
}

export interface Truth {
  q: number;
  k: number;
  /** [variant][query * k + rank] */
  ids: Int32Array[];
  dists: Float32Array[];
}

/**
 * Exact brute-force top-K for queries [qa, qb), all three variants in one pass over the data.
 * Queries go in blocks of 4 so that each data row is read once per block. Dots are accumulated in
 * float64 (JS numbers) from float32 inputs.
 */
export function bruteForce(
  vectors: Float32Array,
  economy: Uint8Array,
  n: number,
  dim: number,
  queries: Float32Array,
  qa: number,
  qb: number,
  k: number,
  outIds: Int32Array[],
  outDists: Float32Array[],
): void {
  const QB = 4;
  for (let q0 = qa; q0 < qb; q0 += QB) {
    const nq = Math.min(QB, qb - q0);
    const qs = Array.from({ length: QB }, (_, j) =>
      queries.subarray(Math.min(q0 + j, qb - 1) * dim, (Math.min(q0 + j, qb - 1) + 1) * dim),
    );
    const [a, b, c, d] = qs;
    // best[j][v]: scores descending, ids
    const bestS = Array.from({ length: nq * 3 }, () => new Float64Array(k).fill(-Infinity));
    const bestI = Array.from({ length: nq * 3 }, () => new Int32Array(k).fill(-1));
    const filters = Array.from({ length: nq }, (_, j) => [
      undefined,
      excludeFilter(q0 + j),
      onlyFilter(q0 + j),
    ]);
    const dots = new Float64Array(QB);
    for (let i = 0; i < n; i++) {
      const off = i * dim;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0; t < dim; t++) {
        const x = vectors[off + t];
        s0 += x * a[t];
        s1 += x * b[t];
        s2 += x * c[t];
        s3 += x * d[t];
      }
      dots[0] = s0; dots[1] = s1; dots[2] = s2; dots[3] = s3;
      const e = economy[i];
      for (let j = 0; j < nq; j++) {
        const s = dots[j];
        for (let v = 0; v < 3; v++) {
          const S = bestS[j * 3 + v];
          if (s <= S[k - 1]) continue;
          if (v > 0 && !passes(filters[j][v], e)) continue;
          const I = bestI[j * 3 + v];
          let p = k - 1;
          while (p > 0 && S[p - 1] < s) {
            S[p] = S[p - 1];
            I[p] = I[p - 1];
            p--;
          }
          S[p] = s;
          I[p] = i;
        }
      }
    }
    for (let j = 0; j < nq; j++)
      for (let v = 0; v < 3; v++)
        for (let r = 0; r < k; r++) {
          outIds[v][(q0 + j) * k + r] = bestI[j * 3 + v][r];
          outDists[v][(q0 + j) * k + r] = 1 - bestS[j * 3 + v][r];
        }
  }
}

/** recall@k of one result list against the truth of query i. */
export function recallAt(truth: Truth, variant: Variant, i: number, got: ArrayLike<number>, k = 10): number {
  const v = VARIANTS.indexOf(variant);
  const want = truth.ids[v].subarray(i * truth.k, i * truth.k + k);
  let hit = 0;
  const n = Math.min(k, got.length);
  for (let r = 0; r < n; r++) if (want.includes(got[r])) hit++;
  return hit / k;
}

/** Local intrinsic dimensionality (MLE over the k nearest distances), averaged: a hardness measure. */
export function meanLid(truth: Truth): number {
  let sum = 0;
  let count = 0;
  const k = truth.k;
  const d = truth.dists[0];
  for (let i = 0; i < truth.q; i++) {
    const dk = d[i * k + k - 1];
    let acc = 0;
    for (let r = 0; r < k - 1; r++) acc += Math.log(Math.max(d[i * k + r], 1e-9) / dk);
    if (acc < 0) {
      sum += -(k - 1) / acc;
      count++;
    }
  }
  return sum / count;
}
