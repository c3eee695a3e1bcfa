import { Module } from '@nestjs/common';
import { storeAdapter } from '../infra/store-adapter';
import { EconomiesController } from './economies.controller';
import { EconomiesRepository } from './economies.repository';
import { EconomiesService } from './economies.service';
import { MongoEconomiesRepository } from './mongo-economies.repository';
import { SqliteEconomiesRepository } from './sqlite-economies.repository';

/** The 21 APEC economies (seeded) and the guest economies operators add. */
@Module({
  controllers: [EconomiesController],
  providers: [
    storeAdapter(EconomiesRepository, {
      sqlite: (db) => new SqliteEconomiesRepository(db),
      mongodb: (store) => new MongoEconomiesRepository(store),
    }),
    EconomiesService,
  ],
  exports: [EconomiesService, EconomiesRepository],
})
export class EconomiesModule {}
