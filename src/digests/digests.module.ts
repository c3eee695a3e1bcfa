import { Global, Module } from '@nestjs/common';
import { EconomiesModule } from '../economies/economies.module';
import { storeAdapter } from '../infra/store-adapter';
import { MailModule } from '../mail/mail.module';
import { PartiesModule } from '../parties/parties.module';
import { DeliveredPartners } from '../suggestions/delivered-partners';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { DigestComposer } from './digest-composer';
import { DigestRecipients } from './digest-recipients';
import { DigestScheduler } from './digest-scheduler';
import { DigestSender } from './digest-sender';
import { DigestsController, UnsubscribeController } from './digests.controller';
import { DigestsRepository } from './digests.repository';
import { MongoDigestsRepository } from './mongo-digests.repository';
import { SqliteDigestsRepository } from './sqlite-digests.repository';
import { UnsubscribeLinks } from './unsubscribe-links';

/**
 * Email digests: each recipient's settings, which digests are due (DigestScheduler), what one
 * holds (DigestComposer) and sending it once (DigestSender); one-click unsubscribe. Global only
 * to provide the DeliveredPartners port that suggestions/ declares (it cannot import this module:
 * digests are made of suggestions).
 */
@Global()
@Module({
  imports: [SuggestionsModule, PartiesModule, EconomiesModule, MailModule],
  controllers: [DigestsController, UnsubscribeController],
  providers: [
    storeAdapter(DigestsRepository, {
      sqlite: (db) => new SqliteDigestsRepository(db),
      mongodb: (store) => new MongoDigestsRepository(store),
    }),
    { provide: DeliveredPartners, useExisting: DigestsRepository },
    UnsubscribeLinks,
    DigestRecipients,
    DigestScheduler,
    DigestComposer,
    DigestSender,
  ],
  exports: [
    DigestsRepository,
    DeliveredPartners,
    DigestRecipients,
    DigestScheduler,
    DigestSender,
    UnsubscribeLinks,
  ],
})
export class DigestsModule {}
