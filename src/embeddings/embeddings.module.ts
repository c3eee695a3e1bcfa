import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { storeAdapter } from '../infra/store-adapter';
import { ItemsModule } from '../items/items.module';
import { MembersModule } from '../members/members.module';
import { SectorsModule } from '../sectors/sectors.module';
import { Embedder } from './embedder';
import { EmbeddingService } from './embedding.service';
import { EmbeddingsRepository } from './embeddings.repository';
import { readModelManifest } from './model-manifest';
import { MongoEmbeddingsRepository } from './mongo-embeddings.repository';
import { SqliteEmbeddingsRepository } from './sqlite-embeddings.repository';
import { TransformersEmbedder } from './transformers-embedder';

/** Stops the model's child process when the application stops. */
@Injectable()
class EmbedderLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Embedder) private readonly embedder: Embedder) {}

  async onApplicationShutdown(): Promise<void> {
    await this.embedder.close();
  }
}

/**
 * The embedder (loaded once per process, before the app starts), the stored vectors and the
 * embedding service that keeps them in step with the records. What runs the service — the job
 * pipeline — lives in pipeline/.
 */
@Module({
  imports: [ClustersModule, MembersModule, ItemsModule, SectorsModule],
  providers: [
    storeAdapter(EmbeddingsRepository, {
      sqlite: (db) => new SqliteEmbeddingsRepository(db),
      mongodb: (store) => new MongoEmbeddingsRepository(store),
    }),
    {
      provide: Embedder,
      useFactory: (config: AppConfig) =>
        TransformersEmbedder.load({
          model: config.embedding.model,
          spec: readModelManifest().models[config.embedding.model],
          modelDir: config.embedding.modelDir,
          allowRemote: config.embedding.allowRemote,
          loadTimeoutMs: config.embedding.loadTimeoutMs,
          batchSize: config.embedding.batchSize,
          processes: config.embedding.processes,
        }),
      inject: [APP_CONFIG],
    },
    EmbeddingService,
    EmbedderLifecycle,
  ],
  exports: [Embedder, EmbeddingService, EmbeddingsRepository],
})
export class EmbeddingsModule {}
