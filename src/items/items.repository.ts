import { PageRequest } from '../common/http/pagination';
import { CollaborationItem, ItemFilter } from './item';

/** Port: collaboration items store. Every write is recorded in the change log. */
export abstract class ItemsRepository {
  abstract create(item: CollaborationItem): Promise<void>;
  abstract update(item: CollaborationItem): Promise<void>;
  abstract delete(id: string, at: string): Promise<boolean>;
  /** Deletes every item of the cluster, its own and its members'; returns their ids. */
  abstract deleteByCluster(clusterId: string, at: string): Promise<string[]>;
  abstract deleteByMember(memberId: string, at: string): Promise<string[]>;
  abstract setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]>;
  abstract findById(id: string): Promise<CollaborationItem | undefined>;
  abstract findByIds(ids: readonly string[]): Promise<CollaborationItem[]>;
  abstract findByExternalId(externalId: string): Promise<CollaborationItem | undefined>;
  abstract list(filter: ItemFilter, page: PageRequest): Promise<CollaborationItem[]>;
  abstract count(): Promise<number>;
}
