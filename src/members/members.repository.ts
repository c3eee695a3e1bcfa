import { EntityRepository } from '../infra/entity-repository';
import { Member, MemberFilter } from './member';

/** Port: members store. Every write is recorded in the change log in the same transaction. */
export abstract class MembersRepository extends EntityRepository<Member, MemberFilter> {
  /** Deletes every member of the cluster; returns their ids. */
  abstract deleteByCluster(clusterId: string, at: string): Promise<string[]>;
  /** Follows a cluster's move to another economy; returns the ids changed. */
  abstract setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]>;
  /** Members whose contact email is this address (case-insensitive): sign-in by email link. */
  abstract findByContactEmail(email: string): Promise<Member[]>;
}
