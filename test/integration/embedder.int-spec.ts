import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ModelUnavailableError,
  TransformersEmbedder,
} from '../../src/embeddings/transformers-embedder';
import { cosine, fixtureOptions, loadFixtureEmbedder } from '../support/model';

describe('TransformersEmbedder on the offline fixture (real loading and inference path)', () => {
  let embedder: TransformersEmbedder;
  beforeAll(async () => {
    embedder = await loadFixtureEmbedder({ batchSize: 32 });
  });
  afterAll(() => embedder.close());

  it('loads the model once with its pinned id, dimension and trained length', () => {
    expect(embedder.modelId).toBe('fixtures/bow-hash-384@shared-fixture-1');
    expect(embedder.dimension).toBe(384);
    expect(embedder.maxTokens).toBe(128);
  });

  it('returns unit vectors where texts sharing content words are closer', async () => {
    const [need, offer, other] = await embedder.embed(
      [
        'Pilot line for SiC power modules',
        'SiC power modules foundry services',
        'Salmon aquaculture feed supply',
      ],
      'passage',
    );
    expect(need).toHaveLength(384);
    expect(cosine(need, need)).toBeCloseTo(1, 5);
    expect(cosine(need, offer)).toBeGreaterThan(cosine(need, other) + 0.3);
  });

  it('batches: 70 texts take 3 model calls and equal the texts embedded one by one', async () => {
    const texts = Array.from(
      { length: 70 },
      (_, i) => `cluster ${i} works on lithium battery recycling and number ${i * 7}`,
    );
    const before = embedder.modelCalls;
    const batched = await embedder.embed(texts, 'passage');
    expect(embedder.modelCalls - before).toBe(3);
    for (const i of [0, 33, 69]) {
      const [single] = await embedder.embed([texts[i]], 'passage');
      expect(cosine(single, batched[i])).toBeCloseTo(1, 5);
    }
  });

  it('answers searches ahead of a bulk embed, and in the order they came (none starved)', async () => {
    const one = await loadFixtureEmbedder({ batchSize: 4, processes: 1 });
    try {
      const done: string[] = [];
      const bulk = one
        .embed(
          Array.from({ length: 12 }, (_, i) => `bulk text ${i} about battery recycling`),
          'passage',
        )
        .then(() => done.push('bulk'));
      // The first bulk batch is with the process; two more wait. Three searches arrive meanwhile.
      const queries = ['q1', 'q2', 'q3'].map((q) =>
        one.embed([`search ${q}`], 'query').then(() => done.push(q)),
      );
      await Promise.all([bulk, ...queries]);
      expect(done).toEqual(['q1', 'q2', 'q3', 'bulk']);
    } finally {
      await one.close();
    }
  });

  it('truncates at the trained length: words past 128 tokens do not change the vector', async () => {
    const head = Array.from({ length: 200 }, (_, i) => `word${i % 50}`).join(' ');
    const [a, b] = await embedder.embed(
      [head, `${head} salmon salmon salmon aquaculture`],
      'passage',
    );
    expect(cosine(a, b)).toBeCloseTo(1, 5);
  });

  it('adds the query/passage prefixes of models that need them', async () => {
    const e5like = await loadFixtureEmbedder({
      spec: { ...fixtureOptions().spec!, prefixes: { query: 'query: ', passage: 'passage: ' } },
    });
    try {
      const [q] = await e5like.embed(['halal certification'], 'query');
      const [p] = await e5like.embed(['halal certification'], 'passage');
      const [plain] = await embedder.embed(['halal certification'], 'query');
      expect(cosine(q, p)).toBeLessThan(0.99);
      expect(cosine(q, plain)).toBeLessThan(0.99);
    } finally {
      await e5like.close();
    }
  });
});

describe('a model that is neither local nor downloadable', () => {
  const empty = mkdtempSync(join(tmpdir(), 'pec-models-'));

  it('stops at once with a message saying how to provide it (downloads disabled)', async () => {
    const started = Date.now();
    const error = await TransformersEmbedder.load(
      fixtureOptions({
        model: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
        spec: undefined,
        modelDir: empty,
      }),
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/npm run models:fetch/);
    expect((error as Error).message).toContain(`EMBEDDING_MODEL_DIR=${empty}`);
  });

  it('stops at once when the hub cannot be reached', async () => {
    const started = Date.now();
    const error = await TransformersEmbedder.load(
      fixtureOptions({
        model: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
        spec: undefined,
        modelDir: empty,
        allowRemote: true,
        probeHub: () => Promise.resolve('the Hugging Face hub could not be reached (fetch failed)'),
      }),
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((error as Error).message).toContain('could not be reached');
  });

  it('never hangs: a load that does not finish in time fails', async () => {
    const error = await TransformersEmbedder.load(fixtureOptions({ loadTimeoutMs: 1 })).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('EMBEDDING_LOAD_TIMEOUT_MS');
  });
});
