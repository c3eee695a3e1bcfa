import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { EmbeddingsModule } from '../embeddings/embeddings.module';
import { ItemsModule } from '../items/items.module';
import { MembersModule } from '../members/members.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** Search by meaning over profiles, needs and offers (the index is the process's replica). */
@Module({
  imports: [EmbeddingsModule, ClustersModule, MembersModule, ItemsModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
