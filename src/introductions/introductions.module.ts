import { EconomiesModule } from '../economies/economies.module';
import { CriteriaModule } from '../criteria/criteria.module';
import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { DigestsModule } from '../digests/digests.module';
import { MailModule } from '../mail/mail.module';
import { PartiesModule } from '../parties/parties.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { IntroductionNotifier } from './introduction-notifier';
import { IntroductionRequests } from './introduction-requests';
import { CollaborationMapService, IntroductionStatsService } from './introduction-stats';
import { IntroductionViews } from './introduction-views';
import {
  CollaborationMapController,
  IntroductionStatsController,
  IntroductionsController,
} from './introductions.controller';
import { IntroductionsStoreModule } from './introductions-store.module';

/**
 * Introductions with double opt-in: requests and their state machine (IntroductionRequests and
 * introduction-rules.ts), what each side sees (IntroductionViews), the emails and the sweep
 * (IntroductionNotifier), and operators' statistics.
 */
@Module({
  imports: [
    EconomiesModule,
    PartiesModule,
    SuggestionsModule,
    DigestsModule,
    MailModule,
    CollaborationsModule,
    CriteriaModule,
    IntroductionsStoreModule,
  ],
  controllers: [IntroductionsController, IntroductionStatsController, CollaborationMapController],
  providers: [
    IntroductionRequests,
    IntroductionViews,
    IntroductionNotifier,
    IntroductionStatsService,
    CollaborationMapService,
  ],
  exports: [IntroductionsStoreModule, IntroductionNotifier, IntroductionRequests],
})
export class IntroductionsModule {}
