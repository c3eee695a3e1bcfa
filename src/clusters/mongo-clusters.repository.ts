import { ClientSession } from 'mongoose';
import { PageRequest } from '../common/http/pagination';
import { MongoEntityCollection } from '../infra/mongo/mongo-entity-collection';
import { MongoStore, listFilter } from '../infra/mongo/mongo-store';
import { externalIdTaken } from '../infra/store-errors';
import { Cluster, ClusterFilter } from './cluster';
import { ClusterDoc, clusterMapper, clusterSchema } from './cluster.schema';
import { ClustersRepository } from './clusters.repository';

export class MongoClustersRepository extends ClustersRepository {
  readonly collection: MongoEntityCollection<Cluster, ClusterDoc>;

  constructor(
    private readonly store: MongoStore,
    collection?: MongoEntityCollection<Cluster, ClusterDoc>,
  ) {
    super();
    this.collection =
      collection ??
      new MongoEntityCollection(store, {
        entity: 'cluster',
        model: 'Cluster',
        schema: clusterSchema,
        toDomain: clusterMapper.toDomain,
        toPersistence: clusterMapper.toPersistence,
        externalIdTaken: externalIdTaken('cluster'),
      });
  }

  withSession(session: ClientSession): MongoClustersRepository {
    return new MongoClustersRepository(this.store, this.collection.withSession(session));
  }

  create(cluster: Cluster): Promise<void> {
    return this.collection.insert(cluster);
  }

  update(cluster: Cluster): Promise<void> {
    return this.collection.update(cluster);
  }

  delete(id: string, at: string): Promise<boolean> {
    return this.collection.deleteById(id, at);
  }

  findById(id: string): Promise<Cluster | undefined> {
    return this.collection.findOne({ _id: id });
  }

  findByIds(ids: readonly string[]): Promise<Cluster[]> {
    return this.collection.findByIds(ids);
  }

  findByExternalId(externalId: string): Promise<Cluster | undefined> {
    return this.collection.findOne({ externalId });
  }

  /** The filter a list query sends to MongoDB (exposed for tests that need no server). */
  listFilter(filter: ClusterFilter, page: PageRequest): Record<string, unknown> {
    return listFilter(
      { economy: filter.economy },
      { sector: filter.sector, text: filter.text, after: page.after },
    );
  }

  list(filter: ClusterFilter, page: PageRequest): Promise<Cluster[]> {
    return this.collection.list(this.listFilter(filter, page), page);
  }

  count(): Promise<number> {
    return this.collection.count();
  }
}
