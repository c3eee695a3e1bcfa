import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readModelManifest } from '../../src/embeddings/model-manifest';
import { EmbedderOptions, TransformersEmbedder } from '../../src/embeddings/transformers-embedder';

/**
 * The offline model fixture (../shared/models, see its README): the real transformers.js loading
 * and inference path, a hashed bag of words. Tests never fake the embedder.
 */
export const FIXTURE_MODEL = process.env.EMBEDDING_MODEL ?? 'fixtures/bow-hash-384';
export const MODEL_DIR =
  process.env.EMBEDDING_MODEL_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'models');

if (!existsSync(join(MODEL_DIR, FIXTURE_MODEL))) {
  throw new Error(
    `the embedding fixture is missing: ${join(MODEL_DIR, FIXTURE_MODEL)} (set EMBEDDING_MODEL_DIR)`,
  );
}

export const fixtureOptions = (overrides: Partial<EmbedderOptions> = {}): EmbedderOptions => ({
  model: FIXTURE_MODEL,
  spec: readModelManifest().models[FIXTURE_MODEL],
  modelDir: MODEL_DIR,
  allowRemote: false,
  loadTimeoutMs: 30000,
  batchSize: 32,
  ...overrides,
});

export const loadFixtureEmbedder = (overrides: Partial<EmbedderOptions> = {}) =>
  TransformersEmbedder.load(fixtureOptions(overrides));

/** Environment for a service started on the fixture. */
export const MODEL_ENV = { EMBEDDING_MODEL: FIXTURE_MODEL, EMBEDDING_MODEL_DIR: MODEL_DIR };

export const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
