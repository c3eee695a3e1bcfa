import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Embedder } from '../../src/embeddings/embedder';
import { EmbeddingService } from '../../src/embeddings/embedding.service';
import { EmbeddingsRepository } from '../../src/embeddings/embeddings.repository';
import { IndexReplica } from '../../src/vector-index/index-replica.service';
import { TestApp, admin, clusterBody, startTestApp } from '../support/http';
import { FIXTURE_MODEL, MODEL_DIR } from '../support/model';
import { settle } from '../support/settle';

const offer = (ownerId: string, title: string, description: string, extra: object = {}) => ({
  ownerType: 'cluster',
  ownerId,
  kind: 'offer',
  area: 'joint_rd',
  title,
  description,
  sectors: ['26'],
  validUntil: '2030-12-31',
  ...extra,
});

describe('embeddings and the index replica (fixture model, real store)', () => {
  let dataDir: string;
  let t: TestApp;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pec-emb-'));
    t = await startTestApp({}, { dataDir });
  });
  afterEach(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const search = async (app: TestApp, q: string, extra: object = {}) =>
    (
      await app.http
        .get('/v1/search')
        .query({ q, ...extra })
        .set(admin)
    ).body as {
      model: string;
      results: { id: string; type: string; score: number; title: string }[];
    };

  it('embeds new records, skips the model when the text did not change, re-embeds when it did', async () => {
    const c = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
    await settle(t.app);
    const service = t.app.get(EmbeddingService);
    const embedder = t.app.get(Embedder);
    const calls = embedder.modelCalls;

    await t.http.patch(`/v1/clusters/${c.id}`).set(admin).send({ memberCount: 999 }).expect(200);
    const untouched = await service.sync();
    expect(untouched).toMatchObject({ checked: 1, embedded: 0, unchanged: 1 });
    expect(embedder.modelCalls).toBe(calls);

    await t.http
      .patch(`/v1/clusters/${c.id}`)
      .set(admin)
      .send({ description: 'Salmon aquaculture and feed in Los Lagos' })
      .expect(200);
    expect(await service.sync()).toMatchObject({ embedded: 1 });
    expect(embedder.modelCalls).toBe(calls + 1);
    await t.app.get(IndexReplica).catchUp();
    expect((await search(t, 'salmon aquaculture', { kind: 'profile' })).results[0]).toMatchObject({
      id: c.id,
      type: 'cluster',
    });
  });

  it('follows updates and deletions into the index', async () => {
    const c = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
    const a = (
      await t.http
        .post('/v1/items')
        .set(admin)
        .send(offer(c.id, 'SiC wafer foundry services', 'SiC power modules foundry'))
    ).body;
    const b = (
      await t.http
        .post('/v1/items')
        .set(admin)
        .send(
          offer(c.id, 'Cold-chain logistics', 'Refrigerated containers and cold-chain logistics'),
        )
    ).body;
    await settle(t.app);
    expect(
      (await search(t, 'SiC power modules', { kind: 'offer' })).results.map((r) => r.id)[0],
    ).toBe(a.id);

    await t.http.patch(`/v1/items/${a.id}`).set(admin).send({ kind: 'need' }).expect(200);
    await t.http.delete(`/v1/items/${b.id}`).set(admin).expect(204);
    await settle(t.app);
    expect((await search(t, 'SiC power modules', { kind: 'offer' })).results).toEqual([]);
    expect(
      (await search(t, 'SiC power modules', { kind: 'need' })).results.map((r) => r.id),
    ).toEqual([a.id]);
    expect(
      await t.app
        .get(EmbeddingsRepository)
        .findMany(t.app.get(Embedder).modelId, [{ entity: 'item', id: b.id }]),
    ).toEqual([]);
  });

  it('restarts from its snapshot, and rebuilds when the snapshot is corrupt', async () => {
    const c = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
    await t.http
      .post('/v1/items')
      .set(admin)
      .send(offer(c.id, 'SiC wafer foundry services', 'SiC power modules foundry'))
      .expect(201);
    await settle(t.app);
    await t.close();

    t = await startTestApp({}, { dataDir });
    await settle(t.app);
    expect(t.app.get(IndexReplica).status()).toMatchObject({
      state: 'ready',
      startedFrom: expect.stringMatching(/^snapshot/),
      sizes: { profile: 1, offer: 1 },
    });
    await t.close();

    const indexDir = join(dataDir, 'index');
    const graph = readdirSync(indexDir).find((f) => f.endsWith('.offer.hnsw'))!;
    const bytes = readFileSync(join(indexDir, graph));
    bytes[20] ^= 0xff;
    writeFileSync(join(indexDir, graph), bytes);
    t = await startTestApp({}, { dataDir });
    await settle(t.app);
    expect(t.app.get(IndexReplica).status()).toMatchObject({
      startedFrom: expect.stringMatching(/^rebuild \(index snapshot corrupt/),
      sizes: { offer: 1 },
    });
    expect((await search(t, 'SiC power modules', { kind: 'offer' })).results).toHaveLength(1);
  });

  it('re-embeds everything when the model changes, and never mixes two models in one index', async () => {
    const c = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
    await t.http
      .post('/v1/items')
      .set(admin)
      .send(offer(c.id, 'SiC wafer foundry services', 'SiC power modules foundry'))
      .expect(201);
    await settle(t.app);
    const firstModel = t.app.get(Embedder).modelId;
    await t.close();

    // A second model: the same files under another name in another folder.
    const otherDir = mkdtempSync(join(tmpdir(), 'pec-model-'));
    cpSync(join(MODEL_DIR, FIXTURE_MODEL), join(otherDir, 'fixtures', 'bow-hash-copy'), {
      recursive: true,
    });
    t = await startTestApp(
      { EMBEDDING_MODEL: 'fixtures/bow-hash-copy', EMBEDDING_MODEL_DIR: otherDir },
      { dataDir },
    );
    const rerun = await t.app.get(EmbeddingService).sync();
    await settle(t.app);
    const secondModel = t.app.get(Embedder).modelId;
    expect(secondModel).not.toBe(firstModel);
    expect(rerun).toMatchObject({ full: true, embedded: 2 });
    const status = t.app.get(IndexReplica).status();
    expect(status).toMatchObject({
      modelId: secondModel,
      startedFrom: expect.stringContaining('mismatch'),
      sizes: { profile: 1, offer: 1 },
    });
    const stored = t.app.get(EmbeddingsRepository);
    expect(await stored.countByModel(firstModel)).toBe(2);
    expect(await stored.countByModel(secondModel)).toBe(2);
    expect((await search(t, 'SiC power modules')).model).toBe(secondModel);
    rmSync(otherDir, { recursive: true, force: true });
  });
});
