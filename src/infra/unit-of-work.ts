/**
 * Port: runs a function in one transaction; everything the repositories write while it runs
 * commits together or not at all. Used for every multi-record write (cascading deletes, a cluster
 * moving economy, an import batch). The repositories need no special handle: in SQLite every
 * write on the one connection between BEGIN and COMMIT belongs to the transaction; in MongoDB the
 * session travels with the call (AsyncLocalStorage) and every repository picks it up.
 */
export abstract class UnitOfWork {
  abstract run<T>(fn: () => Promise<T>): Promise<T>;
}
