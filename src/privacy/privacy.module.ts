import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { DigestsModule } from '../digests/digests.module';
import { EmbeddingsModule } from '../embeddings/embeddings.module';
import { IntroductionsModule } from '../introductions/introductions.module';
import { ItemsModule } from '../items/items.module';
import { MembersModule } from '../members/members.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { PartyEraser } from './party-eraser';
import { PartyExporter } from './party-export';
import { PrivacyController } from './privacy.controller';

/** A party's data: its export on request, and its erasure (the DELETE of a cluster or member). */
@Module({
  imports: [
    AuthModule,
    ClustersModule,
    CollaborationsModule,
    MembersModule,
    ItemsModule,
    EmbeddingsModule,
    SuggestionsModule,
    DigestsModule,
    IntroductionsModule,
  ],
  controllers: [PrivacyController],
  providers: [PartyExporter, PartyEraser],
})
export class PrivacyModule {}
