import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ClusterEconomyFollowers } from '../clusters/cluster-economy-followers';
import { ClustersModule } from '../clusters/clusters.module';
import { storeAdapter } from '../infra/store-adapter';
import { MembersController } from './members.controller';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { MongoMembersRepository } from './mongo-members.repository';
import { SqliteMembersRepository } from './sqlite-members.repository';

/** Members carry their cluster's economy: they follow it when it moves. */
@Injectable()
class MembersFollowTheirCluster implements OnModuleInit {
  constructor(
    @Inject(ClusterEconomyFollowers) private readonly followers: ClusterEconomyFollowers,
    @Inject(MembersRepository) private readonly members: MembersRepository,
  ) {}

  onModuleInit(): void {
    this.followers.register({
      followClusterEconomy: (clusterId, economy, at) =>
        this.members.setEconomyOfCluster(clusterId, economy, at),
    });
  }
}

/** The organisations inside clusters (SMEs, universities, institutes…). */
@Module({
  imports: [ClustersModule],
  controllers: [MembersController],
  providers: [
    storeAdapter(MembersRepository, {
      sqlite: (db) => new SqliteMembersRepository(db),
      mongodb: (store) => new MongoMembersRepository(store),
    }),
    MembersService,
    MembersFollowTheirCluster,
  ],
  exports: [MembersRepository, MembersService],
})
export class MembersModule {}
