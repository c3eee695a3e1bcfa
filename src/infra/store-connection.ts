import { MongoStore } from './mongo/mongo-store';
import { Db, openSqlite, stmt } from './sqlite/sqlite-database';

/**
 * Port: the open store — for health checks, an orderly close, and for feature modules to build
 * their repository adapters on (see `storeAdapter`). Exactly one of the two kinds exists per
 * process, chosen by the configuration.
 */
export abstract class StoreConnection {
  abstract readonly kind: 'sqlite' | 'mongodb';
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}

/** The embedded store: one SQLite file (or ':memory:'). */
export class SqliteConnection extends StoreConnection {
  readonly kind = 'sqlite' as const;
  constructor(readonly db: Db) {
    super();
  }
  ping(): Promise<void> {
    stmt(this.db, 'SELECT 1').get();
    return Promise.resolve();
  }
  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

/** The full deployment's store: MongoDB (a replica set, for transactions). */
export class MongoConnection extends StoreConnection {
  readonly kind = 'mongodb' as const;
  constructor(readonly store: MongoStore) {
    super();
  }
  async ping(): Promise<void> {
    await this.store.connection.db!.admin().ping();
  }
  close(): Promise<void> {
    return this.store.close();
  }
}

export function openSqliteConnection(path: string): SqliteConnection {
  return new SqliteConnection(openSqlite(path));
}

export async function openMongoConnection(uri: string): Promise<MongoConnection> {
  return new MongoConnection(await MongoStore.connect(uri));
}
