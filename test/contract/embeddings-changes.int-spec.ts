import { EmbeddingRecord } from '../../src/embeddings/embedding';
import { aCluster, seedEconomies } from '../support/factories';
import { describeContract } from '../support/stores';

const AT = '2026-11-27T10:00:00.000Z';
const vec = (seed: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed + i));
const record = (id: string, modelId = 'm@1', seed = 1): EmbeddingRecord => ({
  entity: 'cluster',
  id,
  modelId,
  dimension: 8,
  contentHash: seed.toString(16).padStart(64, '0'),
  vectors: [vec(seed), vec(seed + 100)],
  updatedAt: AT,
});

describeContract('EmbeddingsRepository', (store) => {
  it('stores vectors exactly, per model, and reads them back by reference', async () => {
    await store().embeddings.upsertMany([record('a'), record('b'), record('a', 'm@2', 5)]);
    const found = await store().embeddings.findMany('m@1', [
      { entity: 'cluster', id: 'a' },
      { entity: 'cluster', id: 'missing' },
    ]);
    expect(found).toHaveLength(1);
    expect(found[0].vectors.map((v) => Array.from(v))).toEqual([
      Array.from(vec(1)),
      Array.from(vec(101)),
    ]);
    expect(found[0]).toMatchObject({
      modelId: 'm@1',
      dimension: 8,
      contentHash: record('a').contentHash,
    });
    expect(await store().embeddings.countByModel('m@1')).toBe(2);
    expect(await store().embeddings.countByModel('m@2')).toBe(1);
  });

  it('replaces a vector on upsert and lists one model in key order with a cursor', async () => {
    await store().embeddings.upsertMany([record('b'), record('a'), record('c')]);
    await store().embeddings.upsertMany([record('a', 'm@1', 9)]);
    const first = await store().embeddings.listByModel('m@1', undefined, 2);
    expect(first.map((r) => r.id)).toEqual(['a', 'b']);
    expect(Array.from(first[0].vectors[0])).toEqual(Array.from(vec(9)));
    expect((await store().embeddings.listByModel('m@1', first[1], 10)).map((r) => r.id)).toEqual([
      'c',
    ]);
  });

  it('deletes a record’s vectors of every model, and other models’ vectors on request', async () => {
    await store().embeddings.upsertMany([record('a'), record('a', 'm@2'), record('b', 'm@2')]);
    await store().embeddings.deleteForEntity({ entity: 'cluster', id: 'a' });
    expect(await store().embeddings.countByModel('m@1')).toBe(0);
    expect(await store().embeddings.deleteOtherModels('m@1')).toBe(1);
    expect(await store().embeddings.countByModel('m@2')).toBe(0);
  });
});

describeContract('ChangeFeed and ConsumerCursors', (store) => {
  it('records every write in commit order, embeddings included, and reads on from a position', async () => {
    await seedEconomies(store());
    const c = aCluster();
    await store().clusters.create(c);
    await store().clusters.update({ ...c, name: 'renamed' });
    await store().embeddings.upsertMany([record(c.id)]);
    await store().clusters.delete(c.id, AT);
    const changes = await store().changes.readAfter(0, 100);
    expect(changes.map((x) => [x.entity, x.op])).toEqual([
      ['cluster', 'upsert'],
      ['cluster', 'upsert'],
      ['embedding', 'upsert'],
      ['cluster', 'delete'],
    ]);
    expect(changes[2].entityId).toBe(`cluster:${c.id}`);
    const seqs = changes.map((x) => x.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(await store().changes.head()).toBe(seqs[3]);
    expect((await store().changes.readAfter(seqs[1], 1)).map((x) => x.seq)).toEqual([seqs[2]]);
  });

  it('remembers consumers’ positions, and knows one that never ran', async () => {
    expect(await store().cursors.get('embedder:m@1')).toBeUndefined();
    await store().cursors.set('embedder:m@1', 0, AT);
    expect(await store().cursors.get('embedder:m@1')).toBe(0);
    await store().cursors.set('embedder:m@1', 42, AT);
    expect(await store().cursors.get('embedder:m@1')).toBe(42);
    await store().cursors.reset('embedder:m@1');
    expect(await store().cursors.get('embedder:m@1')).toBeUndefined();
  });
});
