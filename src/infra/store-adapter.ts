import { Provider } from '@nestjs/common';
import { MongoStore } from './mongo/mongo-store';
import { Db } from './sqlite/sqlite-database';
import { MongoConnection, SqliteConnection, StoreConnection } from './store-connection';

/** A DI token that is also the port: an abstract class (nestjs-boilerplate's repository style). */
export type Port<T> = abstract new (...args: never[]) => T;

export interface StoreAdapters<T> {
  sqlite: (db: Db) => T;
  mongodb: (store: MongoStore) => T;
}

/** Builds the adapter of a port for whichever store this process opened. */
export function adapterFor<T>(connection: StoreConnection, adapters: StoreAdapters<T>): T {
  if (connection instanceof SqliteConnection) return adapters.sqlite(connection.db);
  if (connection instanceof MongoConnection) return adapters.mongodb(connection.store);
  throw new Error(`no adapter for the ${connection.kind} store`);
}

/**
 * The provider of a repository port, for a feature's own module: the feature names its SQLite and
 * MongoDB adapters; the configured store (infra's StoreConnection) decides which one is built.
 */
export function storeAdapter<T>(port: Port<T>, adapters: StoreAdapters<T>): Provider {
  return {
    provide: port,
    useFactory: (connection: StoreConnection) => adapterFor(connection, adapters),
    inject: [StoreConnection],
  };
}
