import { IntroductionsStoreModule } from '../introductions/introductions-store.module';
import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { EconomiesModule } from '../economies/economies.module';
import { storeAdapter } from '../infra/store-adapter';
import { ItemsModule } from '../items/items.module';
import { MembersModule } from '../members/members.module';
import { ImportRunsRepository } from './import-runs.repository';
import { ImportController } from './import.controller';
import { ImportService } from './import.service';
import { MongoImportRunsRepository } from './mongo-import-runs.repository';
import { SqliteImportRunsRepository } from './sqlite-import-runs.repository';

/** The NDJSON bulk import of a registry: economies, clusters, members, needs and offers. */
@Module({
  imports: [
    EconomiesModule,
    ClustersModule,
    MembersModule,
    ItemsModule,
    CollaborationsModule,
    IntroductionsStoreModule,
  ],
  controllers: [ImportController],
  providers: [
    storeAdapter(ImportRunsRepository, {
      sqlite: (db) => new SqliteImportRunsRepository(db),
      mongodb: (store) => new MongoImportRunsRepository(store),
    }),
    ImportService,
  ],
  exports: [ImportService],
})
export class ImportModule {}
