import { MongoClustersRepository } from '../../clusters/mongo-clusters.repository';
import { MongoEconomiesRepository } from '../../economies/mongo-economies.repository';
import { MongoImportRunsRepository } from '../../import/mongo-import-runs.repository';
import { MongoItemsRepository } from '../../items/mongo-items.repository';
import { MongoMembersRepository } from '../../members/mongo-members.repository';
import { StoreTx, UnitOfWork } from '../unit-of-work';
import { MongoStore } from './mongo-store';

interface MongoRepos {
  economies: MongoEconomiesRepository;
  clusters: MongoClustersRepository;
  members: MongoMembersRepository;
  items: MongoItemsRepository;
  imports: MongoImportRunsRepository;
}

/** A MongoDB multi-document transaction (replica set required); retried on transient errors. */
export class MongoUnitOfWork extends UnitOfWork {
  constructor(
    private readonly store: MongoStore,
    private readonly repos: MongoRepos,
  ) {
    super();
  }

  run<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.store.transaction((session) =>
      fn({
        economies: this.repos.economies.withSession(session),
        clusters: this.repos.clusters.withSession(session),
        members: this.repos.members.withSession(session),
        items: this.repos.items.withSession(session),
        imports: this.repos.imports.withSession(session),
      }),
    );
  }
}
