import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreImports } from '../src/app.module';
import { loadConfig } from '../src/common/config/app-config';
import { projectRoot } from '../src/common/paths';
import { Embedder } from '../src/embeddings/embedder';
import { EmbeddingService } from '../src/embeddings/embedding.service';
import { EmbeddingsModule } from '../src/embeddings/embeddings.module';
import { readModelManifest } from '../src/embeddings/model-manifest';
import { ImportService } from '../src/import/import.service';
import { printTable } from './table';

/**
 * `npm run bench:embed`: sentences/s through the service's embedder (batched, in its child
 * process) against a raw transformers.js pipeline call in this process, on the same texts in the
 * same run; then the embedding service over the demo data set twice, the second time with nothing
 * changed (model calls must be ~0). Uses EMBEDDING_MODEL / EMBEDDING_MODEL_DIR (the offline
 * fixture here: `EMBEDDING_MODEL_DIR=../shared/models EMBEDDING_MODEL=fixtures/bow-hash-384`).
 */
function demoTexts(): string[] {
  const dir = join(projectRoot(), 'seeds', 'demo');
  const texts: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as {
        type: string;
        name?: string;
        title?: string;
        description?: string;
      };
      if (r.type !== 'economy') texts.push(`${r.name ?? r.title}. ${r.description ?? ''}`);
    }
  }
  return texts;
}

async function rawPipeline(model: string, modelDir: string, maxTokens: number | undefined) {
  const { env, pipeline } =
    (await import('@xenova/transformers')) as typeof import('@xenova/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = modelDir;
  const extractor = await pipeline('feature-extraction', model, { quantized: true });
  if (maxTokens) extractor.tokenizer.model_max_length = maxTokens;
  return (texts: string[]) => extractor(texts, { pooling: 'mean', normalize: true });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pec-bench-embed-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    EMBEDDING_REMOTE: 'false',
    ...pick(['EMBEDDING_MODEL', 'EMBEDDING_MODEL_DIR', 'EMBEDDING_BATCH_SIZE']),
  });
  @Module({
    imports: [...coreImports(config), EmbeddingsModule],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    const embedder = app.get(Embedder);
    const texts = demoTexts();
    const batch = config.embedding.batchSize;
    const raw = await rawPipeline(
      config.embedding.model,
      config.embedding.modelDir,
      readModelManifest().models[config.embedding.model]?.maxTokens,
    );

    // Warm both, then alternate three rounds each on the same texts.
    await raw(texts.slice(0, batch));
    await embedder.embed(texts.slice(0, batch), 'passage');
    const rawTimes: number[] = [];
    const serviceTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      let t = performance.now();
      for (let i = 0; i < texts.length; i += batch) await raw(texts.slice(i, i + batch));
      rawTimes.push(performance.now() - t);
      t = performance.now();
      await embedder.embed(texts, 'passage');
      serviceTimes.push(performance.now() - t);
    }
    const best = (xs: number[]) => Math.min(...xs) / 1000;
    const rawRate = texts.length / best(rawTimes);
    const serviceRate = texts.length / best(serviceTimes);

    // The embedding service over the demo data, then again with nothing changed.
    await app.get(ImportService).run(concatDemo(), 'bench');
    const service = app.get(EmbeddingService);
    let calls = embedder.modelCalls;
    let t = performance.now();
    const first = await service.sync();
    const firstSeconds = (performance.now() - t) / 1000;
    const firstCalls = embedder.modelCalls - calls;
    calls = embedder.modelCalls;
    t = performance.now();
    const again = await service.reembedAll();
    const againSeconds = (performance.now() - t) / 1000;
    const againCalls = embedder.modelCalls - calls;

    printTable(
      `embedding throughput, model ${embedder.modelId}, ${texts.length} demo texts, batch ${batch} (best of 3)`,
      ['path', 'sentences/s', 'ratio to raw'],
      [
        ['raw transformers.js pipeline (this process)', rawRate.toFixed(0), '1.00'],
        [
          'service embedder (child process, batched)',
          serviceRate.toFixed(0),
          (serviceRate / rawRate).toFixed(2),
        ],
      ],
    );
    printTable(
      'embedding service over the demo data set (store read, content hash, model, store write)',
      ['run', 'records checked', 'embedded', 'unchanged', 'model calls', 'seconds'],
      [
        [
          'first (every record new)',
          String(first.checked),
          String(first.embedded),
          String(first.unchanged),
          String(firstCalls),
          firstSeconds.toFixed(2),
        ],
        [
          'again, nothing changed',
          String(again.checked),
          String(again.embedded),
          String(again.unchanged),
          String(againCalls),
          againSeconds.toFixed(2),
        ],
      ],
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function* concatDemo(): AsyncGenerator<Buffer> {
  const dir = join(projectRoot(), 'seeds', 'demo');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    for await (const chunk of createReadStream(join(dir, file))) yield chunk as Buffer;
    yield Buffer.from('\n');
  }
}

function pick(names: string[]): Record<string, string> {
  // eslint-disable-next-line no-restricted-syntax -- a benchmark program takes its model from the environment, like the service
  const env = process.env;
  return Object.fromEntries(names.filter((n) => env[n]).map((n) => [n, env[n]!]));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
