import { CollaborationsModule } from '../collaborations/collaborations.module';
import { Module } from '@nestjs/common';
import { DigestsModule } from '../digests/digests.module';
import { EmbeddingsModule } from '../embeddings/embeddings.module';
import { storeAdapter } from '../infra/store-adapter';
import { IntroductionsModule } from '../introductions/introductions.module';
import { PartiesModule } from '../parties/parties.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { MongoRecomputeRunsRepository } from './mongo-recompute-runs.repository';
import { PipelineMetrics } from './pipeline-metrics';
import { PipelineRunner } from './pipeline.runner';
import { PipelineService } from './pipeline.service';
import { RecomputeRunsRepository } from './recompute-runs.repository';
import { SqliteRecomputeRunsRepository } from './sqlite-recompute-runs.repository';

/**
 * The background pipeline: which handler runs which job (embed → index catch-up → match; the
 * nightly recompute; digests; introduction emails), and, where this process runs processors, the
 * ticker that turns the change log into jobs. The queue itself is jobs/.
 */
@Module({
  imports: [
    EmbeddingsModule,
    PartiesModule,
    SuggestionsModule,
    DigestsModule,
    IntroductionsModule,
    CollaborationsModule,
  ],
  providers: [
    storeAdapter(RecomputeRunsRepository, {
      sqlite: (db) => new SqliteRecomputeRunsRepository(db),
      mongodb: (store) => new MongoRecomputeRunsRepository(store),
    }),
    PipelineService,
    PipelineRunner,
    PipelineMetrics,
  ],
  exports: [PipelineService, RecomputeRunsRepository],
})
export class PipelineModule {}
