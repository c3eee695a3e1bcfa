import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';
import { Embedder } from './embedder';
import { EmbeddingService } from './embedding.service';
import { readModelManifest } from './model-manifest';
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
 * The embedder (loaded once per process, before the app starts) and the embedding service. What
 * runs the service — the job pipeline — lives in JobsModule.
 */
@Global()
@Module({})
export class EmbeddingsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EmbeddingsModule,
      providers: [
        {
          provide: Embedder,
          useFactory: () =>
            TransformersEmbedder.load({
              model: config.embedding.model,
              spec: readModelManifest().models[config.embedding.model],
              modelDir: config.embedding.modelDir,
              allowRemote: config.embedding.allowRemote,
              loadTimeoutMs: config.embedding.loadTimeoutMs,
              batchSize: config.embedding.batchSize,
            }),
        },
        EmbeddingService,
        EmbedderLifecycle,
      ],
      exports: [Embedder, EmbeddingService],
    };
  }
}
