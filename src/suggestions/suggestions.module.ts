import { Module } from '@nestjs/common';
import { CriteriaModule } from '../criteria/criteria.module';
import { EconomiesModule } from '../economies/economies.module';
import { storeAdapter } from '../infra/store-adapter';
import { MatchingModule } from '../matching/matching.module';
import { PartiesModule } from '../parties/parties.module';
import {
  MongoFeedbackRepository,
  MongoSuggestionsRepository,
} from './mongo-suggestions.repository';
import {
  SqliteFeedbackRepository,
  SqliteSuggestionsRepository,
} from './sqlite-suggestions.repository';
import { SuggestionsController } from './suggestions.controller';
import { FeedbackRepository, SuggestionsRepository } from './suggestions.repository';
import { SuggestionsService } from './suggestions.service';

/**
 * Each subject's stored suggestion list (computed by the matching engine with the active
 * criteria) and what the subject said about its partners. Which partners a digest already sent
 * comes through the DeliveredPartners port, provided by the digests module.
 */
@Module({
  imports: [MatchingModule, CriteriaModule, PartiesModule, EconomiesModule],
  controllers: [SuggestionsController],
  providers: [
    storeAdapter(SuggestionsRepository, {
      sqlite: (db) => new SqliteSuggestionsRepository(db),
      mongodb: (store) => new MongoSuggestionsRepository(store),
    }),
    storeAdapter(FeedbackRepository, {
      sqlite: (db) => new SqliteFeedbackRepository(db),
      mongodb: (store) => new MongoFeedbackRepository(store),
    }),
    SuggestionsService,
  ],
  exports: [SuggestionsService, SuggestionsRepository, FeedbackRepository],
})
export class SuggestionsModule {}
