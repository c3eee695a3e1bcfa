import { ClustersRepository } from '../clusters/clusters.repository';
import { EconomiesRepository } from '../economies/economies.repository';
import { ImportRunsRepository } from '../import/import-runs.repository';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';

/** The repositories bound to one transaction. */
export interface StoreTx {
  economies: EconomiesRepository;
  clusters: ClustersRepository;
  members: MembersRepository;
  items: ItemsRepository;
  imports: ImportRunsRepository;
}

/**
 * Port: runs a function with repositories bound to one transaction; everything it writes commits
 * together or not at all. Used for every multi-record write (cascading deletes, a cluster moving
 * economy, an import batch).
 */
export abstract class UnitOfWork {
  abstract run<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}
