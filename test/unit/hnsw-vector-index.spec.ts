import { HnswVectorIndex } from '../../src/vector-index/hnsw-vector-index';
import { entry, near, randomVector, rng } from '../support/vectors';

const DIM = 16;
const params = { m: 16, efConstruction: 100, efSearch: 50 };
const next = rng(42);

describe('HnswVectorIndex (hnswlib-node, cosine)', () => {
  let index: HnswVectorIndex;
  beforeEach(() => {
    index = new HnswVectorIndex('model@1', DIM, params);
  });

  it('finds the nearest vectors with cosine scores, per partition', () => {
    const a = randomVector(DIM, next);
    index.upsert([
      entry('item:a', 'offer', a),
      entry('item:b', 'offer', randomVector(DIM, next)),
      entry('item:c', 'need', a),
    ]);
    const hits = index.search({ partition: 'offer', vector: a, k: 5 });
    expect(hits.map((h) => h.key)).toEqual(['item:a', 'item:b']);
    expect(hits[0].score).toBeCloseTo(1, 5);
    expect(index.search({ partition: 'need', vector: a, k: 5 }).map((h) => h.key)).toEqual([
      'item:c',
    ]);
    expect(index.size()).toBe(3);
    expect(index.size('offer')).toBe(2);
  });

  it('replaces a vector in place and moves a record between partitions', () => {
    const a = randomVector(DIM, next);
    const b = randomVector(DIM, next);
    index.upsert([entry('item:x', 'need', a)]);
    index.upsert([entry('item:x', 'need', b)]);
    expect(index.size()).toBe(1);
    expect(index.search({ partition: 'need', vector: b, k: 1 })[0].score).toBeCloseTo(1, 5);
    index.upsert([entry('item:x', 'offer', b)]);
    expect(index.size('need')).toBe(0);
    expect(index.search({ partition: 'offer', vector: b, k: 1 }).map((h) => h.key)).toEqual([
      'item:x',
    ]);
  });

  it('deletes, never returns deleted records, and reuses their space', () => {
    const vectors = Array.from({ length: 50 }, () => randomVector(DIM, next));
    index.upsert(vectors.map((v, i) => entry(`cluster:${i}`, 'profile', v)));
    index.remove(vectors.map((_, i) => `cluster:${i}`).filter((_, i) => i % 2 === 0));
    expect(index.size()).toBe(25);
    const hits = index.search({ partition: 'profile', vector: vectors[0], k: 50 });
    expect(hits).toHaveLength(25);
    expect(hits.every((h) => Number(h.key.split(':')[1]) % 2 === 1)).toBe(true);
    const slots = index.partitions.profile.hnsw.getCurrentCount();
    index.upsert(vectors.slice(0, 20).map((v, i) => entry(`cluster:new-${i}`, 'profile', v)));
    expect(index.partitions.profile.hnsw.getCurrentCount()).toBe(slots);
    expect(index.has('cluster:0')).toBe(false);
    expect(index.has('cluster:new-0')).toBe(true);
  });

  it('grows past its initial capacity', () => {
    const vectors = Array.from({ length: 3000 }, () => randomVector(DIM, next));
    index.upsert(vectors.map((v, i) => entry(`item:${i}`, 'offer', v)));
    expect(index.size('offer')).toBe(3000);
    expect(index.partitions.offer.hnsw.getMaxElements()).toBeGreaterThanOrEqual(3000);
    expect(index.search({ partition: 'offer', vector: vectors[2999], k: 1 })[0].key).toBe(
      'item:2999',
    );
  });

  describe('filters', () => {
    const center = randomVector(DIM, rng(7));
    beforeEach(() => {
      const r = rng(9);
      const economies = ['KR', 'JP', 'CL', 'VN'];
      const areas = ['trade', 'joint_rd', 'training'];
      index.upsert(
        Array.from({ length: 600 }, (_, i) =>
          entry(`item:${i}`, 'offer', near(center, 0.5, r), {
            economy: economies[i % 4],
            area: areas[i % 3],
            clusterId: `c-${i % 10}`,
            validUntil: i % 5 === 0 ? '2026-01-31' : '2027-12-31',
            sectorIndex: i % 2 ? ['26', '261', '2610', 'C'] : ['01', 'A'],
          }),
        ),
      );
    });
    const search = (filter: object, k = 20) =>
      index.search({ partition: 'offer', vector: center, k, filter });

    it('excludes an economy, includes areas, excludes keys and clusters, checks validity and sector', () => {
      expect(search({ excludeEconomies: ['KR'] }).every((h) => h.meta.economy !== 'KR')).toBe(true);
      expect(search({ areas: ['training'] }).every((h) => h.meta.area === 'training')).toBe(true);
      expect(
        search({ excludeClusterIds: ['c-1', 'c-2'] }).every(
          (h) => !['c-1', 'c-2'].includes(h.meta.clusterId),
        ),
      ).toBe(true);
      expect(search({ excludeKeys: ['item:0', 'item:1'] }).map((h) => h.key)).not.toEqual(
        expect.arrayContaining(['item:0']),
      );
      expect(
        search({ validOn: '2026-11-27' }).every((h) => h.meta.validUntil! >= '2026-11-27'),
      ).toBe(true);
      expect(search({ sector: '261' }).every((h) => h.meta.sectorIndex.includes('261'))).toBe(true);
      expect(
        search({ economies: ['JP'], areas: ['joint_rd'] }).every(
          (h) => h.meta.economy === 'JP' && h.meta.area === 'joint_rd',
        ),
      ).toBe(true);
    });

    it('still returns k results when the filter is selective', () => {
      // JP, joint_rd and not clusters 1, 3, 7, 9 (so cluster 5): 1 in 60 → 10 of 600 exist; asking for 10 returns all 10.
      const filter = {
        economies: ['JP'],
        areas: ['joint_rd'],
        excludeClusterIds: ['c-1', 'c-3', 'c-7', 'c-9'],
      };
      const exact = index.partitions.offer.state();
      const matching = [...exact.entries.values()].filter(
        (e) =>
          e.meta.economy === 'JP' &&
          e.meta.area === 'joint_rd' &&
          !['c-1', 'c-3', 'c-7', 'c-9'].includes(e.meta.clusterId),
      ).length;
      expect(matching).toBe(10);
      expect(search(filter, 10)).toHaveLength(10);
      expect(search({ economies: ['JP'] }, 50)).toHaveLength(50);
    });

    it('agrees with exact search on a selective filter (recall)', () => {
      const filter = { economies: ['CL'], areas: ['trade'] };
      const got = new Set(search(filter, 10).map((h) => h.key));
      const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
      const exact = [...index.partitions.offer.state().entries.values()]
        .filter((e) => e.meta.economy === 'CL' && e.meta.area === 'trade')
        .map((e) => ({ key: e.key, score: dot(center, index.vectorOf(e.key)!) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const recall = exact.filter((e) => got.has(e.key)).length / exact.length;
      expect(recall).toBeGreaterThanOrEqual(0.9);
    });
  });

  it('refuses vectors of another dimension', () => {
    expect(() => index.upsert([entry('item:z', 'offer', new Float32Array(DIM + 1))])).toThrow(
      /dimensions/,
    );
  });
});

describe('records with several chunks', () => {
  const next = rng(7);
  const dim = 32;
  const a = [randomVector(dim, next), randomVector(dim, next), randomVector(dim, next)];
  const b = randomVector(dim, next);
  const chunked = (key: string, vectors: Float32Array[]) => ({
    ...entry(key, 'offer', vectors[0]),
    vectors,
  });

  it('finds a record by any of its chunks, once, scored by its best chunk', () => {
    const index = new HnswVectorIndex('m', dim, { m: 8, efConstruction: 50, efSearch: 50 });
    index.upsert([chunked('item:a', a), chunked('item:b', [b])]);
    for (const v of a) {
      const hits = index.search({ partition: 'offer', vector: v, k: 2 });
      expect(hits.map((h) => h.key)).toEqual(['item:a', 'item:b']);
      expect(hits[0].score).toBeCloseTo(1, 5);
    }
    expect(index.size('offer')).toBe(2);
    expect(index.vectorsOf('item:a').map((v) => Array.from(v))).toEqual(
      a.map((v) => Array.from(v)),
    );
    expect(Array.from(index.vectorOf('item:a')!)).toEqual(Array.from(a[0]));
  });

  it('drops chunks a shorter text no longer has, all of them on removal, and honours excludeKeys', () => {
    const index = new HnswVectorIndex('m', dim, { m: 8, efConstruction: 50, efSearch: 50 });
    index.upsert([chunked('item:a', a), chunked('item:b', [b])]);
    index.upsert([chunked('item:a', [a[0]])]);
    expect(index.vectorsOf('item:a')).toHaveLength(1);
    const stale = index.search({ partition: 'offer', vector: a[2], k: 5 });
    expect(stale.map((h) => h.key).sort()).toEqual(['item:a', 'item:b']);
    expect(Math.max(...stale.map((h) => h.score))).toBeLessThan(0.99);
    index.upsert([chunked('item:a', a)]);
    const excluded = index.search({
      partition: 'offer',
      vector: a[1],
      k: 5,
      filter: { excludeKeys: ['item:a'] },
    });
    expect(excluded.map((h) => h.key)).toEqual(['item:b']);
    index.remove(['item:a']);
    expect(index.has('item:a')).toBe(false);
    expect(index.partitions.offer.size).toBe(1);
  });
});
