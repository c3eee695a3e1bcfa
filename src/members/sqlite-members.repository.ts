import { PageRequest } from '../common/http/pagination';
import { Db, json, settle } from '../infra/sqlite/sqlite-database';
import { SqliteEntityTable } from '../infra/sqlite/sqlite-entity-table';
import { externalIdTaken } from '../infra/store-errors';
import { Member, MemberFilter, MemberKind, memberSearchText } from './member';
import { MembersRepository } from './members.repository';

interface MemberRow {
  id: string;
  external_id: string | null;
  cluster_id: string;
  economy: string;
  name: string;
  kind: string;
  description: string;
  sectors: string;
  technologies: string;
  languages: string;
  website: string | null;
  contact_name: string | null;
  contact_email: string | null;
  created_at: string;
  updated_at: string;
}

const toMember = (r: MemberRow): Member => ({
  id: r.id,
  externalId: r.external_id,
  clusterId: r.cluster_id,
  economy: r.economy,
  name: r.name,
  kind: r.kind as MemberKind,
  description: r.description,
  sectors: json.list(r.sectors),
  technologies: json.list(r.technologies),
  languages: json.list(r.languages),
  website: r.website,
  contactName: r.contact_name,
  contactEmail: r.contact_email,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toParams = (m: Member) => ({
  external_id: m.externalId,
  cluster_id: m.clusterId,
  economy: m.economy,
  name: m.name,
  kind: m.kind,
  description: m.description,
  sectors: json.encode(m.sectors),
  technologies: json.encode(m.technologies),
  languages: json.encode(m.languages),
  website: m.website,
  contact_name: m.contactName,
  contact_email: m.contactEmail,
  search_text: memberSearchText(m),
  created_at: m.createdAt,
  updated_at: m.updatedAt,
});

export class SqliteMembersRepository extends MembersRepository {
  private readonly table: SqliteEntityTable<Member, MemberRow>;

  constructor(db: Db) {
    super();
    this.table = new SqliteEntityTable(db, {
      entity: 'member',
      table: 'members',
      sectorIndex: { table: 'member_sector_index', fk: 'member_id' },
      toParams,
      toDomain: toMember,
      externalIdTaken: externalIdTaken('member'),
    });
  }

  create(member: Member): Promise<void> {
    return settle(() => this.table.insert(member));
  }

  update(member: Member): Promise<void> {
    return settle(() => this.table.update(member));
  }

  delete(id: string, at: string): Promise<boolean> {
    return settle(() => this.table.deleteById(id, at));
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return settle(() => this.table.deleteWhere('cluster_id', clusterId, at));
  }

  setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]> {
    return settle(() => {
      return this.table.setWhere(
        'cluster_id',
        clusterId,
        { column: 'economy', value: economy },
        at,
      );
    });
  }

  findById(id: string): Promise<Member | undefined> {
    return settle(() => this.table.findById(id));
  }

  findByIds(ids: readonly string[]): Promise<Member[]> {
    return settle(() => this.table.findByIds(ids));
  }

  findByExternalId(externalId: string): Promise<Member | undefined> {
    return settle(() => this.table.findOne('external_id', externalId));
  }

  list(filter: MemberFilter, page: PageRequest): Promise<Member[]> {
    return settle(() => {
      const equals: [string, string | undefined][] = [
        ['cluster_id', filter.clusterId],
        ['economy', filter.economy],
        ['kind', filter.kind],
      ];
      return this.table.list({ equals, sector: filter.sector, text: filter.text }, page);
    });
  }

  count(): Promise<number> {
    return settle(() => this.table.count());
  }
}
