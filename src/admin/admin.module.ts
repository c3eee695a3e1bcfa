import { Module } from '@nestjs/common';
import { EmbeddingsModule } from '../embeddings/embeddings.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { AdminController } from './admin.controller';

/** Operators' view of the machinery: status, failed jobs and retries, full recomputes. */
@Module({
  imports: [PipelineModule, EmbeddingsModule, SuggestionsModule],
  controllers: [AdminController],
})
export class AdminModule {}
