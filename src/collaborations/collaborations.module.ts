import { Module } from '@nestjs/common';
import { storeAdapter } from '../infra/store-adapter';
import { PartiesModule } from '../parties/parties.module';
import { CollaborationsController } from './collaborations.controller';
import { CollaborationsRepository } from './collaborations.repository';
import { CollaborationsService } from './collaborations.service';
import { GraphReplica } from './graph-replica.service';
import { MongoCollaborationsRepository } from './mongo-collaborations.repository';
import { SqliteCollaborationsRepository } from './sqlite-collaborations.repository';

/** Who worked with whom: the records, their API, and each process's copy of the graph. */
@Module({
  imports: [PartiesModule],
  controllers: [CollaborationsController],
  providers: [
    storeAdapter(CollaborationsRepository, {
      sqlite: (db) => new SqliteCollaborationsRepository(db),
      mongodb: (store) => new MongoCollaborationsRepository(store),
    }),
    CollaborationsService,
    GraphReplica,
  ],
  exports: [CollaborationsService, CollaborationsRepository, GraphReplica],
})
export class CollaborationsModule {}
