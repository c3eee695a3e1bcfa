import { EntityRepository } from '../infra/entity-repository';
import { Cluster, ClusterFilter } from './cluster';

/** Port: clusters store. A cluster's economy move is carried to its members and items by them. */
export abstract class ClustersRepository extends EntityRepository<Cluster, ClusterFilter> {}
