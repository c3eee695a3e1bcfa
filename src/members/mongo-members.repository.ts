import { ClientSession } from 'mongoose';
import { PageRequest } from '../common/http/pagination';
import { MongoEntityCollection } from '../infra/mongo/mongo-entity-collection';
import { MongoStore, listFilter } from '../infra/mongo/mongo-store';
import { externalIdTaken } from '../infra/store-errors';
import { Member, MemberFilter } from './member';
import { MemberDoc, memberMapper, memberSchema } from './member.schema';
import { MembersRepository } from './members.repository';

export class MongoMembersRepository extends MembersRepository {
  readonly collection: MongoEntityCollection<Member, MemberDoc>;

  constructor(
    private readonly store: MongoStore,
    collection?: MongoEntityCollection<Member, MemberDoc>,
  ) {
    super();
    this.collection =
      collection ??
      new MongoEntityCollection(store, {
        entity: 'member',
        model: 'Member',
        schema: memberSchema,
        toDomain: memberMapper.toDomain,
        toPersistence: memberMapper.toPersistence,
        externalIdTaken: externalIdTaken('member'),
      });
  }

  withSession(session: ClientSession): MongoMembersRepository {
    return new MongoMembersRepository(this.store, this.collection.withSession(session));
  }

  create(member: Member): Promise<void> {
    return this.collection.insert(member);
  }

  update(member: Member): Promise<void> {
    return this.collection.update(member);
  }

  delete(id: string, at: string): Promise<boolean> {
    return this.collection.deleteById(id, at);
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return this.collection.deleteWhere('clusterId', clusterId, at);
  }

  setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]> {
    return this.collection.setWhere('clusterId', clusterId, { economy }, at);
  }

  findById(id: string): Promise<Member | undefined> {
    return this.collection.findOne({ _id: id });
  }

  findByIds(ids: readonly string[]): Promise<Member[]> {
    return this.collection.findByIds(ids);
  }

  findByExternalId(externalId: string): Promise<Member | undefined> {
    return this.collection.findOne({ externalId });
  }

  listFilter(filter: MemberFilter, page: PageRequest): Record<string, unknown> {
    return listFilter(
      { clusterId: filter.clusterId, economy: filter.economy, kind: filter.kind },
      { sector: filter.sector, text: filter.text, after: page.after },
    );
  }

  list(filter: MemberFilter, page: PageRequest): Promise<Member[]> {
    return this.collection.list(this.listFilter(filter, page), page);
  }

  count(): Promise<number> {
    return this.collection.count();
  }
}
