import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { coreImports } from '../app.module';
import { loadConfigOrExit } from '../common/config/load-config-or-exit';
import { EmbeddingService } from '../embeddings/embedding.service';
import { EmbeddingsModule } from '../embeddings/embeddings.module';
import { EmbeddingsRepository } from '../embeddings/embeddings.repository';
import { Embedder } from '../embeddings/embedder';
import { IndexReplica } from '../vector-index/index-replica.service';
import { VectorIndexModule } from '../vector-index/vector-index.module';

/**
 * `npm run reindex -- [--reembed] [--prune]`: brings every vector up to date with the store
 * (--reembed: embeds every record again from scratch), rebuilds the index from the stored vectors
 * and writes a fresh snapshot to INDEX_DIR. --prune then deletes the vectors of other models.
 */
async function main(argv: string[]): Promise<void> {
  const unknown = argv.filter((a) => !['--reembed', '--prune'].includes(a));
  if (unknown.length)
    throw new Error(
      `unknown argument ${unknown[0]} (usage: npm run reindex -- [--reembed] [--prune])`,
    );
  const config = loadConfigOrExit();
  @Module({
    imports: [
      ...coreImports(config),
      EmbeddingsModule,
      VectorIndexModule.forRoot({ start: false }),
    ],
  })
  class ReindexModule {}
  const app = await NestFactory.createApplicationContext(ReindexModule, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  try {
    const embeddings = app.get(EmbeddingService);
    const started = Date.now();
    const embedded = argv.includes('--reembed')
      ? await embeddings.reembedAll()
      : await embeddings.sync();
    const replica = app.get(IndexReplica);
    await replica.rebuild();
    await replica.snapshot(true);
    const pruned = argv.includes('--prune')
      ? await app.get(EmbeddingsRepository).deleteOtherModels(app.get(Embedder).modelId)
      : 0;
    process.stdout.write(
      `${JSON.stringify({ embedded, index: replica.status(), prunedVectors: pruned, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`,
    );
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `reindex failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
