import { PageRequest } from '../common/http/pagination';
import { Member, MemberFilter } from './member';

/** Port: members store. Every write is recorded in the change log in the same transaction. */
export abstract class MembersRepository {
  abstract create(member: Member): Promise<void>;
  abstract update(member: Member): Promise<void>;
  abstract delete(id: string, at: string): Promise<boolean>;
  /** Deletes every member of the cluster; returns their ids. */
  abstract deleteByCluster(clusterId: string, at: string): Promise<string[]>;
  /** Follows a cluster's move to another economy; returns the ids changed. */
  abstract setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]>;
  abstract findById(id: string): Promise<Member | undefined>;
  abstract findByIds(ids: readonly string[]): Promise<Member[]>;
  abstract findByExternalId(externalId: string): Promise<Member | undefined>;
  abstract list(filter: MemberFilter, page: PageRequest): Promise<Member[]>;
  abstract count(): Promise<number>;
}
