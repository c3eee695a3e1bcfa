import { Module } from '@nestjs/common';
import { storeAdapter } from '../infra/store-adapter';
import { CriteriaController } from './criteria.controller';
import { CriteriaRepository } from './criteria.repository';
import { CriteriaService } from './criteria.service';
import { MongoCriteriaRepository } from './mongo-criteria.repository';
import { SqliteCriteriaRepository } from './sqlite-criteria.repository';

/** Versioned match criteria: exactly one active, every activation audited. */
@Module({
  controllers: [CriteriaController],
  providers: [
    storeAdapter(CriteriaRepository, {
      sqlite: (db) => new SqliteCriteriaRepository(db),
      mongodb: (store) => new MongoCriteriaRepository(store),
    }),
    CriteriaService,
  ],
  exports: [CriteriaService],
})
export class CriteriaModule {}
