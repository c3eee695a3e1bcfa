import { Module } from '@nestjs/common';
import { CriteriaController } from '../criteria/criteria.controller';
import { CriteriaService } from '../criteria/criteria.service';
import { PreviewService } from '../criteria/preview.service';
import { EconomiesModule } from '../economies/economies.module';
import { EvaluationService } from '../evaluation/evaluation.service';
import { SuggestionsController } from '../suggestions/suggestions.controller';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { MatchingEngine } from './matching-engine';

/** The matching engine, its criteria, suggestions and evaluation. */
@Module({
  imports: [EconomiesModule],
  controllers: [CriteriaController, SuggestionsController],
  providers: [
    MatchingEngine,
    CriteriaService,
    PreviewService,
    EvaluationService,
    SuggestionsService,
  ],
  exports: [MatchingEngine, CriteriaService, EvaluationService, SuggestionsService],
})
export class MatchingModule {}
