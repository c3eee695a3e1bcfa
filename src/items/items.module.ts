import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ClusterEconomyFollowers } from '../clusters/cluster-economy-followers';
import { ClustersModule } from '../clusters/clusters.module';
import { EconomiesModule } from '../economies/economies.module';
import { storeAdapter } from '../infra/store-adapter';
import { MembersModule } from '../members/members.module';
import { ItemsController } from './items.controller';
import { ItemsRepository } from './items.repository';
import { ItemsService } from './items.service';
import { MongoItemsRepository } from './mongo-items.repository';
import { SqliteItemsRepository } from './sqlite-items.repository';

/** Needs and offers carry their owner's economy: they follow their cluster when it moves. */
@Injectable()
class ItemsFollowTheirCluster implements OnModuleInit {
  constructor(
    @Inject(ClusterEconomyFollowers) private readonly followers: ClusterEconomyFollowers,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
  ) {}

  onModuleInit(): void {
    this.followers.register({
      followClusterEconomy: (clusterId, economy, at) =>
        this.items.setEconomyOfCluster(clusterId, economy, at),
    });
  }
}

/** Collaboration items: the needs and offers of clusters and members, in six areas. */
@Module({
  imports: [EconomiesModule, ClustersModule, MembersModule],
  controllers: [ItemsController],
  providers: [
    storeAdapter(ItemsRepository, {
      sqlite: (db) => new SqliteItemsRepository(db),
      mongodb: (store) => new MongoItemsRepository(store),
    }),
    ItemsService,
    ItemsFollowTheirCluster,
  ],
  exports: [ItemsRepository, ItemsService],
})
export class ItemsModule {}
