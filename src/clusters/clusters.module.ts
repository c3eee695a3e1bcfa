import { Module } from '@nestjs/common';
import { EconomiesModule } from '../economies/economies.module';
import { storeAdapter } from '../infra/store-adapter';
import { ClusterEconomyFollowers } from './cluster-economy-followers';
import { ClustersController } from './clusters.controller';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';
import { MongoClustersRepository } from './mongo-clusters.repository';
import { SqliteClustersRepository } from './sqlite-clusters.repository';

/** Cluster organisations. Their deletion (erasure) is privacy's; see privacy/. */
@Module({
  imports: [EconomiesModule],
  controllers: [ClustersController],
  providers: [
    storeAdapter(ClustersRepository, {
      sqlite: (db) => new SqliteClustersRepository(db),
      mongodb: (store) => new MongoClustersRepository(store),
    }),
    ClusterEconomyFollowers,
    ClustersService,
  ],
  exports: [ClustersRepository, ClustersService, ClusterEconomyFollowers],
})
export class ClustersModule {}
