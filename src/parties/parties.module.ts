import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { ItemsModule } from '../items/items.module';
import { MembersModule } from '../members/members.module';
import { PartyDirectory } from './party-directory';

/** "Who is this party": clusters and members as every other feature sees them. */
@Module({
  imports: [ClustersModule, MembersModule, ItemsModule],
  providers: [PartyDirectory],
  exports: [PartyDirectory],
})
export class PartiesModule {}
