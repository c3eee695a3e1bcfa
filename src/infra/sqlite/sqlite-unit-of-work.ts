import { holdSlices } from '../../common/slices';
import { UnitOfWork } from '../unit-of-work';
import { Db } from './sqlite-database';

/**
 * SQLite transactions are synchronous on one connection: the SQLite repositories never await I/O,
 * so a unit of work runs from BEGIN to COMMIT within one turn of the event loop and no other
 * request can interleave its writes. A callback that awaits real I/O would break that, so it is
 * detected (a macrotask ran while the transaction was open) and rolled back as a programming error.
 */
export class SqliteUnitOfWork extends UnitOfWork {
  constructor(private readonly db: Db) {
    super();
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction)
      throw new Error('SqliteUnitOfWork: nested or interleaved transaction');
    let yielded = false;
    const probe = setImmediate(() => {
      yielded = this.db.inTransaction;
    });
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await holdSlices(fn);
      if (yielded)
        throw new Error('SqliteUnitOfWork: the callback awaited I/O inside a transaction');
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      clearImmediate(probe);
    }
  }
}
