import { PageRequest } from '../common/http/pagination';
import { Db } from '../infra/sqlite/sqlite-database';
import { SqliteEntityRepository } from '../infra/sqlite/sqlite-entity-repository';
import { externalIdTaken } from '../infra/store-errors';
import { ProfileRow, profileFromRow, profileToParams } from '../profiles/profile-row';
import { sectorIndexFor } from '../sectors/sector-catalog';
import { Cluster, ClusterFilter, clusterSearchText } from './cluster';
import { ClustersRepository } from './clusters.repository';

interface ClusterRow extends ProfileRow {
  region: string | null;
  member_count: number | null;
}

const toCluster = (r: ClusterRow): Cluster => ({
  ...profileFromRow(r),
  region: r.region,
  memberCount: r.member_count,
});

const toParams = (c: Cluster) => ({
  ...profileToParams(c, clusterSearchText(c)),
  region: c.region,
  member_count: c.memberCount,
});

export class SqliteClustersRepository
  extends SqliteEntityRepository<Cluster, ClusterRow>
  implements ClustersRepository
{
  constructor(db: Db) {
    super(db, {
      entity: 'cluster',
      table: 'clusters',
      sectorIndex: { table: 'cluster_sector_index', fk: 'cluster_id' },
      sectorIndexOf: (r) => sectorIndexFor(r.sectors),
      toParams,
      toDomain: toCluster,
      externalIdTaken: externalIdTaken('cluster'),
      headersIndex: 'clusters_headers',
    });
  }

  list(filter: ClusterFilter, page: PageRequest): Promise<Cluster[]> {
    return this.listWhere(
      { equals: [['economy', filter.economy]], sector: filter.sector, text: filter.text },
      page,
    );
  }
}
