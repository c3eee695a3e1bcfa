import { PageRequest } from '../common/http/pagination';
import { MongoEntityRepository } from '../infra/mongo/mongo-entity-repository';
import { MongoStore, listFilter } from '../infra/mongo/mongo-store';
import { externalIdTaken } from '../infra/store-errors';
import { Cluster, ClusterFilter } from './cluster';
import { ClusterDoc, clusterMapper, clusterSchema } from './cluster.schema';
import { ClustersRepository } from './clusters.repository';

export class MongoClustersRepository
  extends MongoEntityRepository<Cluster, ClusterDoc>
  implements ClustersRepository
{
  constructor(store: MongoStore) {
    super(store, {
      entity: 'cluster',
      model: 'Cluster',
      schema: clusterSchema,
      toDomain: clusterMapper.toDomain,
      toPersistence: clusterMapper.toPersistence,
      externalIdTaken: externalIdTaken('cluster'),
    });
  }

  /** The filter a list query sends to MongoDB (exposed for tests that need no server). */
  listFilter(filter: ClusterFilter, page: PageRequest): Record<string, unknown> {
    return listFilter(
      { economy: filter.economy },
      { sector: filter.sector, text: filter.text, after: page.after },
    );
  }

  list(filter: ClusterFilter, page: PageRequest): Promise<Cluster[]> {
    return this.listWhere(this.listFilter(filter, page), page);
  }
}
