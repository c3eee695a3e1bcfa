import { PageRequest } from '../common/http/pagination';
import { Db } from '../infra/sqlite/sqlite-database';
import { SqliteEntityRepository } from '../infra/sqlite/sqlite-entity-repository';
import { externalIdTaken } from '../infra/store-errors';
import { ProfileRow, profileFromRow, profileToParams } from '../profiles/profile-row';
import { sectorIndexFor } from '../sectors/sector-catalog';
import { Member, MemberFilter, MemberKind, memberSearchText } from './member';
import { MembersRepository } from './members.repository';

interface MemberRow extends ProfileRow {
  cluster_id: string;
  kind: string;
}

const toMember = (r: MemberRow): Member => ({
  ...profileFromRow(r),
  clusterId: r.cluster_id,
  kind: r.kind as MemberKind,
});

const toParams = (m: Member) => ({
  ...profileToParams(m, memberSearchText(m)),
  cluster_id: m.clusterId,
  kind: m.kind,
});

export class SqliteMembersRepository
  extends SqliteEntityRepository<Member, MemberRow>
  implements MembersRepository
{
  constructor(db: Db) {
    super(db, {
      entity: 'member',
      table: 'members',
      sectorIndex: { table: 'member_sector_index', fk: 'member_id' },
      sectorIndexOf: (r) => sectorIndexFor(r.sectors),
      toParams,
      toDomain: toMember,
      externalIdTaken: externalIdTaken('member'),
      headersIndex: 'members_headers',
    });
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return this.deleteWhere('cluster_id', clusterId, at);
  }

  setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]> {
    return this.setWhere('cluster_id', clusterId, { economy }, at);
  }

  list(filter: MemberFilter, page: PageRequest): Promise<Member[]> {
    const equals: [string, string | undefined][] = [
      ['cluster_id', filter.clusterId],
      ['economy', filter.economy],
      ['kind', filter.kind],
    ];
    return this.listWhere({ equals, sector: filter.sector, text: filter.text }, page);
  }
}
