import { Module } from '@nestjs/common';
import { CriteriaModule } from '../criteria/criteria.module';
import { ItemsModule } from '../items/items.module';
import { MatchingModule } from '../matching/matching.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { EvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';
import { PreviewService } from './preview.service';

/** Ranking quality: the offline evaluation, and the preview of a criteria draft. */
@Module({
  imports: [MatchingModule, CriteriaModule, SuggestionsModule, ItemsModule],
  controllers: [EvaluationController],
  providers: [EvaluationService, PreviewService],
  exports: [EvaluationService, PreviewService],
})
export class EvaluationModule {}
