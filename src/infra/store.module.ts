import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';
import { ChangeFeed, ConsumerCursors } from './change-feed';
import { MongoChangeFeed, MongoConsumerCursors } from './mongo/mongo-change-feed';
import { MongoUnitOfWork } from './mongo/mongo-unit-of-work';
import { SqliteChangeFeed, SqliteConsumerCursors } from './sqlite/sqlite-change-feed';
import { SqliteUnitOfWork } from './sqlite/sqlite-unit-of-work';
import { storeAdapter } from './store-adapter';
import {
  MongoConnection,
  StoreConnection,
  openMongoConnection,
  openSqliteConnection,
} from './store-connection';
import { UnitOfWork } from './unit-of-work';

@Injectable()
class StoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(StoreConnection) private readonly connection: StoreConnection) {}

  /**
   * Runs before any feature's own start-up (every feature depends on this module): by then every
   * repository is constructed and has registered its MongoDB model, so the indexes of all of them
   * exist before the first write.
   */
  async onModuleInit(): Promise<void> {
    if (this.connection instanceof MongoConnection) await this.connection.store.ensureIndexes();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Opens the configured store (SQLite file, or MongoDB with MONGODB_URI) and provides what every
 * feature builds on: the connection, the unit of work and the change log. It knows no feature:
 * each feature's module provides its own repositories with `storeAdapter`.
 */
@Global()
@Module({})
export class StoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StoreModule,
      providers: [
        {
          provide: StoreConnection,
          useFactory: () =>
            config.store.kind === 'mongodb'
              ? openMongoConnection(config.store.mongodbUri!)
              : openSqliteConnection(config.store.sqlitePath),
        },
        storeAdapter(UnitOfWork, {
          sqlite: (db) => new SqliteUnitOfWork(db),
          mongodb: (store) => new MongoUnitOfWork(store),
        }),
        storeAdapter(ChangeFeed, {
          sqlite: (db) => new SqliteChangeFeed(db),
          mongodb: (store) => new MongoChangeFeed(store),
        }),
        storeAdapter(ConsumerCursors, {
          sqlite: (db) => new SqliteConsumerCursors(db),
          mongodb: (store) => new MongoConsumerCursors(store),
        }),
        StoreLifecycle,
      ],
      exports: [StoreConnection, UnitOfWork, ChangeFeed, ConsumerCursors],
    };
  }
}
