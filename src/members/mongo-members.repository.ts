import { PageRequest } from '../common/http/pagination';
import { MongoEntityRepository } from '../infra/mongo/mongo-entity-repository';
import { MongoStore, listFilter } from '../infra/mongo/mongo-store';
import { externalIdTaken } from '../infra/store-errors';
import { Member, MemberFilter } from './member';
import { MemberDoc, memberMapper, memberSchema } from './member.schema';
import { MembersRepository } from './members.repository';

export class MongoMembersRepository
  extends MongoEntityRepository<Member, MemberDoc>
  implements MembersRepository
{
  constructor(store: MongoStore) {
    super(store, {
      entity: 'member',
      model: 'Member',
      schema: memberSchema,
      toDomain: memberMapper.toDomain,
      toPersistence: memberMapper.toPersistence,
      externalIdTaken: externalIdTaken('member'),
    });
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return this.deleteWhere('clusterId', clusterId, at);
  }

  setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]> {
    return this.setWhere('clusterId', clusterId, { economy }, at);
  }

  listFilter(filter: MemberFilter, page: PageRequest): Record<string, unknown> {
    return listFilter(
      { clusterId: filter.clusterId, economy: filter.economy, kind: filter.kind },
      { sector: filter.sector, text: filter.text, after: page.after },
    );
  }

  list(filter: MemberFilter, page: PageRequest): Promise<Member[]> {
    return this.listWhere(this.listFilter(filter, page), page);
  }
}
