import { PageRequest } from '../common/http/pagination';
import { Db, json, settle } from '../infra/sqlite/sqlite-database';
import { SqliteEntityTable } from '../infra/sqlite/sqlite-entity-table';
import { externalIdTaken } from '../infra/store-errors';
import { Cluster, ClusterFilter, clusterSearchText } from './cluster';
import { ClustersRepository } from './clusters.repository';

interface ClusterRow {
  id: string;
  external_id: string | null;
  name: string;
  economy: string;
  region: string | null;
  description: string;
  sectors: string;
  technologies: string;
  languages: string;
  website: string | null;
  contact_name: string | null;
  contact_email: string | null;
  member_count: number | null;
  created_at: string;
  updated_at: string;
}

const toCluster = (r: ClusterRow): Cluster => ({
  id: r.id,
  externalId: r.external_id,
  name: r.name,
  economy: r.economy,
  region: r.region,
  description: r.description,
  sectors: json.list(r.sectors),
  technologies: json.list(r.technologies),
  languages: json.list(r.languages),
  website: r.website,
  contactName: r.contact_name,
  contactEmail: r.contact_email,
  memberCount: r.member_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toParams = (c: Cluster) => ({
  external_id: c.externalId,
  name: c.name,
  economy: c.economy,
  region: c.region,
  description: c.description,
  sectors: json.encode(c.sectors),
  technologies: json.encode(c.technologies),
  languages: json.encode(c.languages),
  website: c.website,
  contact_name: c.contactName,
  contact_email: c.contactEmail,
  member_count: c.memberCount,
  search_text: clusterSearchText(c),
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

export class SqliteClustersRepository extends ClustersRepository {
  private readonly table: SqliteEntityTable<Cluster, ClusterRow>;

  constructor(db: Db) {
    super();
    this.table = new SqliteEntityTable(db, {
      entity: 'cluster',
      table: 'clusters',
      sectorIndex: { table: 'cluster_sector_index', fk: 'cluster_id' },
      toParams,
      toDomain: toCluster,
      externalIdTaken: externalIdTaken('cluster'),
    });
  }

  create(cluster: Cluster): Promise<void> {
    return settle(() => this.table.insert(cluster));
  }

  update(cluster: Cluster): Promise<void> {
    return settle(() => this.table.update(cluster));
  }

  delete(id: string, at: string): Promise<boolean> {
    return settle(() => this.table.deleteById(id, at));
  }

  findById(id: string): Promise<Cluster | undefined> {
    return settle(() => this.table.findById(id));
  }

  findByIds(ids: readonly string[]): Promise<Cluster[]> {
    return settle(() => this.table.findByIds(ids));
  }

  findByExternalId(externalId: string): Promise<Cluster | undefined> {
    return settle(() => this.table.findOne('external_id', externalId));
  }

  list(filter: ClusterFilter, page: PageRequest): Promise<Cluster[]> {
    return settle(() => {
      return this.table.list(
        { equals: [['economy', filter.economy]], sector: filter.sector, text: filter.text },
        page,
      );
    });
  }

  count(): Promise<number> {
    return settle(() => this.table.count());
  }
}
