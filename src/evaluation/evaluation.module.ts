import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { CriteriaModule } from '../criteria/criteria.module';
import { IntroductionsModule } from '../introductions/introductions.module';
import { ItemsModule } from '../items/items.module';
import { MatchingModule } from '../matching/matching.module';
import { PartiesModule } from '../parties/parties.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { EvaluationController } from './evaluation.controller';
import { CriteriaFit } from './criteria-fit';
import { DatasetEvaluation } from './dataset-evaluation';
import { EvaluationService } from './evaluation.service';
import { PreviewService } from './preview.service';

/** Ranking quality: the offline evaluation, and the preview of a criteria draft. */
@Module({
  imports: [
    MatchingModule,
    CriteriaModule,
    SuggestionsModule,
    ItemsModule,
    PartiesModule,
    CollaborationsModule,
    IntroductionsModule,
  ],
  controllers: [EvaluationController],
  providers: [EvaluationService, PreviewService, DatasetEvaluation, CriteriaFit],
  exports: [EvaluationService, PreviewService, DatasetEvaluation],
})
export class EvaluationModule {}
