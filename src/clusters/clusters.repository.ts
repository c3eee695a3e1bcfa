import { EntityRepository } from '../infra/entity-repository';
import { Cluster, ClusterFilter } from './cluster';

/** Port: clusters store. A cluster's economy move is carried to its members and items by them. */
export abstract class ClustersRepository extends EntityRepository<Cluster, ClusterFilter> {
  /** Clusters whose contact email is this address (case-insensitive): sign-in by email link. */
  abstract findByContactEmail(email: string): Promise<Cluster[]>;
}
