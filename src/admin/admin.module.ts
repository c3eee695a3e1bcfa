import { Module } from '@nestjs/common';
import { EmbeddingsModule } from '../embeddings/embeddings.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { AdminController } from './admin.controller';
import { MetricsController } from './metrics.controller';

/** Operators' view of the machinery: status, failed jobs and retries, full recomputes, metrics. */
@Module({
  imports: [PipelineModule, EmbeddingsModule, SuggestionsModule],
  controllers: [AdminController, MetricsController],
})
export class AdminModule {}
