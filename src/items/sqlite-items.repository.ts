import { PageRequest } from '../common/http/pagination';
import { Db, json, settle, stmt } from '../infra/sqlite/sqlite-database';
import { SqliteEntityRepository } from '../infra/sqlite/sqlite-entity-repository';
import { sectorIndexFor } from '../sectors/sector-catalog';
import { externalIdTaken } from '../infra/store-errors';
import {
  CollaborationItem,
  ItemHeader,
  CooperationArea,
  ItemFilter,
  ItemKind,
  OwnerType,
  itemSearchText,
} from './item';
import { ItemsRepository } from './items.repository';

interface ItemRow {
  id: string;
  external_id: string | null;
  owner_type: string;
  cluster_id: string;
  member_id: string | null;
  economy: string;
  kind: string;
  area: string;
  title: string;
  description: string;
  sectors: string;
  inferred_sectors: string;
  target_economies: string;
  languages: string;
  valid_until: string;
  valid_until_default: number;
  created_at: string;
  updated_at: string;
}

const toItem = (r: ItemRow): CollaborationItem => ({
  id: r.id,
  externalId: r.external_id,
  ownerType: r.owner_type as OwnerType,
  clusterId: r.cluster_id,
  memberId: r.member_id,
  economy: r.economy,
  kind: r.kind as ItemKind,
  area: r.area as CooperationArea,
  title: r.title,
  description: r.description,
  sectors: json.list(r.sectors),
  inferredSectors: JSON.parse(r.inferred_sectors || '[]') as CollaborationItem['inferredSectors'],
  targetEconomies: json.list(r.target_economies),
  languages: json.list(r.languages),
  validUntil: r.valid_until,
  validUntilDefault: r.valid_until_default === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Inferred sectors are not written here: only setInferredSectors writes them. */
const toParams = (i: Omit<CollaborationItem, 'inferredSectors'>) => ({
  external_id: i.externalId,
  owner_type: i.ownerType,
  cluster_id: i.clusterId,
  member_id: i.memberId,
  economy: i.economy,
  kind: i.kind,
  area: i.area,
  title: i.title,
  description: i.description,
  sectors: json.encode(i.sectors),
  target_economies: json.encode(i.targetEconomies),
  languages: json.encode(i.languages),
  valid_until: i.validUntil,
  valid_until_default: i.validUntilDefault ? 1 : 0,
  search_text: itemSearchText(i),
  created_at: i.createdAt,
  updated_at: i.updatedAt,
});

export class SqliteItemsRepository
  extends SqliteEntityRepository<CollaborationItem, ItemRow>
  implements ItemsRepository
{
  constructor(db: Db) {
    super(db, {
      entity: 'item',
      table: 'items',
      sectorIndex: { table: 'item_sector_index', fk: 'item_id' },
      sectorIndexOf: (r) => sectorIndexFor(r.sectors),
      toParams,
      toDomain: toItem,
      externalIdTaken: externalIdTaken('item'),
    });
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return this.deleteWhere('cluster_id', clusterId, at);
  }

  deleteByMember(memberId: string, at: string): Promise<string[]> {
    return this.deleteWhere('member_id', memberId, at);
  }

  setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]> {
    return this.setWhere('cluster_id', clusterId, { economy }, at);
  }

  followMember(memberId: string, clusterId: string, economy: string, at: string) {
    return this.setWhere('member_id', memberId, { cluster_id: clusterId, economy }, at);
  }

  listForOwners(
    owners: { clusterIds: readonly string[]; memberIds: readonly string[] },
    validOn: string,
  ): Promise<ItemHeader[]> {
    return settle(() => {
      const rows: ItemRow[] = [];
      const read = (column: string, ids: readonly string[], ownerType: OwnerType) => {
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          const sql = `SELECT ${this.headerColumns()} FROM items t WHERE t.owner_type = ? AND t.${column} IN (${chunk.map(() => '?').join(',')}) AND t.valid_until >= ? ORDER BY t.id`;
          rows.push(...(stmt(this.db, sql).all(ownerType, ...chunk, validOn) as ItemRow[]));
        }
      };
      read('cluster_id', owners.clusterIds, 'cluster');
      read('member_id', owners.memberIds, 'member');
      return rows.map((r) => {
        const { description: _, ...header } = toItem(r);
        return header;
      });
    });
  }

  list(filter: ItemFilter, page: PageRequest): Promise<CollaborationItem[]> {
    const equals: [string, string | undefined][] = [
      ['cluster_id', filter.clusterId],
      ['member_id', filter.memberId],
      ['owner_type', filter.ownerType],
      ['economy', filter.economy],
      ['kind', filter.kind],
      ['area', filter.area],
    ];
    const where: [string, ...unknown[]][] = [];
    if (filter.validOn) where.push(['t.valid_until >= ?', filter.validOn]);
    if (filter.expiredBefore) where.push(['t.valid_until < ?', filter.expiredBefore]);
    return this.listWhere({ equals, sector: filter.sector, text: filter.text, where }, page);
  }
}
