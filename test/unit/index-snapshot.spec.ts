import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HnswVectorIndex } from '../../src/vector-index/hnsw-vector-index';
import {
  SnapshotUnusable,
  readSnapshot,
  writeSnapshot,
} from '../../src/vector-index/index-snapshot';
import { VectorQuery } from '../../src/vector-index/vector-index';
import { entry, randomVector, rng } from '../support/vectors';

const DIM = 16;
const params = { m: 16, efConstruction: 100, efSearch: 50 };

describe('index snapshots', () => {
  let dir: string;
  let index: HnswVectorIndex;
  const next = rng(3);
  const vectors = Array.from({ length: 200 }, () => randomVector(DIM, next));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pec-snap-'));
    index = new HnswVectorIndex('model@1', DIM, params);
    index.upsert(
      vectors.map((v, i) =>
        entry(`item:${i}`, i % 2 ? 'offer' : 'need', v, {
          economy: i % 3 ? 'KR' : 'JP',
          area: 'trade',
        }),
      ),
    );
    index.remove(['item:0', 'item:1']);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expected = { modelId: 'model@1', dimension: DIM, params };
  const problemOf = (e: unknown) => (e as SnapshotUnusable).problem;

  it('round-trips: same entries, same answers, same watermark; deleted stay deleted', async () => {
    await writeSnapshot(dir, index, 1234);
    const { index: loaded, manifest } = await readSnapshot(dir, expected);
    expect(manifest.watermark).toBe(1234);
    expect(loaded.size()).toBe(198);
    expect(loaded.has('item:0')).toBe(false);
    for (const i of [2, 3, 99]) {
      const query: VectorQuery = {
        partition: i % 2 ? 'offer' : 'need',
        vector: vectors[i],
        k: 5,
        filter: { economies: ['KR'] },
      };
      expect(loaded.search(query)).toEqual(index.search(query));
    }
    loaded.upsert([entry('item:new', 'offer', vectors[0])]);
    expect(loaded.search({ partition: 'offer', vector: vectors[0], k: 1 })[0].key).toBe('item:new');
  });

  it('keeps only the newest generation of files', async () => {
    await writeSnapshot(dir, index, 1);
    await writeSnapshot(dir, index, 2);
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.hnsw'))).toHaveLength(3);
    expect(files).toContain('snapshot.json');
  });

  it('reports a missing snapshot', async () => {
    expect(problemOf(await readSnapshot(dir, expected).catch((e: unknown) => e))).toBe('missing');
  });

  it('reports a snapshot of another model, dimension or graph as mismatched', async () => {
    await writeSnapshot(dir, index, 1);
    expect(
      problemOf(
        await readSnapshot(dir, { ...expected, modelId: 'other@2' }).catch((e: unknown) => e),
      ),
    ).toBe('mismatch');
    expect(
      problemOf(await readSnapshot(dir, { ...expected, dimension: 32 }).catch((e: unknown) => e)),
    ).toBe('mismatch');
    expect(
      problemOf(
        await readSnapshot(dir, { ...expected, params: { ...params, m: 32 } }).catch(
          (e: unknown) => e,
        ),
      ),
    ).toBe('mismatch');
  });

  it('reports damaged files as corrupt before hnswlib reads them', async () => {
    await writeSnapshot(dir, index, 1);
    const graph = readdirSync(dir).find((f) => f.endsWith('.offer.hnsw'))!;
    const bytes = readFileSync(join(dir, graph));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(dir, graph), bytes);
    expect(problemOf(await readSnapshot(dir, expected).catch((e: unknown) => e))).toBe('corrupt');
  });

  it('reports a truncated or unreadable manifest as corrupt', async () => {
    await writeSnapshot(dir, index, 1);
    writeFileSync(join(dir, 'snapshot.json'), '{"format": 1, "mod');
    expect(problemOf(await readSnapshot(dir, expected).catch((e: unknown) => e))).toBe('corrupt');
  });
});
