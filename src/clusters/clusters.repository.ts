import { PageRequest } from '../common/http/pagination';
import { Cluster, ClusterFilter } from './cluster';

/** Port: clusters store. Every write is recorded in the change log in the same transaction. */
export abstract class ClustersRepository {
  abstract create(cluster: Cluster): Promise<void>;
  /** Replaces the stored content; the caller keeps members' and items' economy in step. */
  abstract update(cluster: Cluster): Promise<void>;
  abstract delete(id: string, at: string): Promise<boolean>;
  abstract findById(id: string): Promise<Cluster | undefined>;
  abstract findByIds(ids: readonly string[]): Promise<Cluster[]>;
  abstract findByExternalId(externalId: string): Promise<Cluster | undefined>;
  /** At most `page.limit + 1` clusters ordered by id, after `page.after`. */
  abstract list(filter: ClusterFilter, page: PageRequest): Promise<Cluster[]>;
  abstract count(): Promise<number>;
}
