import { IndexMeta, IndexedVector, Partition } from '../../src/vector-index/vector-index';

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

export function randomVector(dim: number, next: () => number): Float32Array {
  return unit(Float32Array.from({ length: dim }, () => next() * 2 - 1));
}

/** A vector near `center`: center + noise, normalised. */
export function near(center: Float32Array, spread: number, next: () => number): Float32Array {
  return unit(center.map((x) => x + (next() * 2 - 1) * spread));
}

export function entry(
  key: string,
  partition: Partition,
  vector: Float32Array,
  meta: Partial<IndexMeta> = {},
): IndexedVector {
  const [entity, id] = key.split(':') as [IndexMeta['entity'], string];
  return {
    key,
    partition,
    vectors: [vector],
    meta: {
      entity,
      id,
      economy: 'KR',
      clusterId: `c-${id}`,
      memberId: null,
      sectorIndex: ['26', 'C'],
      ...meta,
    },
  };
}
