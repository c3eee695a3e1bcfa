/** Port: the store's connection, for health checks and an orderly close at shutdown. */
export abstract class StoreConnection {
  abstract readonly kind: 'sqlite' | 'mongodb';
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
