import { UnitOfWork } from '../unit-of-work';
import { MongoStore } from './mongo-store';

/**
 * A MongoDB multi-document transaction (replica set required), retried on transient errors. The
 * session is ambient for the callback (MongoStore.session), so every repository joins it.
 */
export class MongoUnitOfWork extends UnitOfWork {
  constructor(private readonly store: MongoStore) {
    super();
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.store.transaction(() => fn());
  }
}
