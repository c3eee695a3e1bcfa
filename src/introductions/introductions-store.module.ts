import { Module } from '@nestjs/common';
import { storeAdapter } from '../infra/store-adapter';
import { IntroductionsRepository } from './introductions.repository';
import { MongoIntroductionsRepository } from './mongo-introductions.repository';
import { SqliteIntroductionsRepository } from './sqlite-introductions.repository';

/**
 * The introductions' store alone, for modules that need the records but none of the services
 * (the import moves a member's introductions with it, and runs without matching or mail).
 */
@Module({
  providers: [
    storeAdapter(IntroductionsRepository, {
      sqlite: (db) => new SqliteIntroductionsRepository(db),
      mongodb: (store) => new MongoIntroductionsRepository(store),
    }),
  ],
  exports: [IntroductionsRepository],
})
export class IntroductionsStoreModule {}
