import { EntityRepository } from '../infra/entity-repository';
import { CollaborationItem, ItemHeader, ItemFilter } from './item';

/** Port: collaboration items store. Every write is recorded in the change log. */
export abstract class ItemsRepository extends EntityRepository<CollaborationItem, ItemFilter> {
  /** Deletes every item of the cluster, its own and its members'; returns their ids. */
  abstract deleteByCluster(clusterId: string, at: string): Promise<string[]>;
  abstract deleteByMember(memberId: string, at: string): Promise<string[]>;
  /**
   * The items owned by these clusters (their own, not their members') and these members, valid on
   * `validOn`, without their descriptions: one read for a whole pool of parties.
   */
  abstract listForOwners(
    owners: { clusterIds: readonly string[]; memberIds: readonly string[] },
    validOn: string,
  ): Promise<ItemHeader[]>;
  /** Follows a member that moved to another cluster (the registry may move one); returns the ids. */
  abstract followMember(
    memberId: string,
    clusterId: string,
    economy: string,
    at: string,
  ): Promise<string[]>;
  /** Follows a cluster's move to another economy; returns the ids changed. */
  abstract setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]>;
}
