import { PageRequest } from '../common/http/pagination';
import { Db, json, settle } from '../infra/sqlite/sqlite-database';
import { SqliteEntityTable } from '../infra/sqlite/sqlite-entity-table';
import { externalIdTaken } from '../infra/store-errors';
import {
  CollaborationItem,
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
  target_economies: string;
  languages: string;
  valid_until: string;
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
  targetEconomies: json.list(r.target_economies),
  languages: json.list(r.languages),
  validUntil: r.valid_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toParams = (i: CollaborationItem) => ({
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
  search_text: itemSearchText(i),
  created_at: i.createdAt,
  updated_at: i.updatedAt,
});

export class SqliteItemsRepository extends ItemsRepository {
  private readonly table: SqliteEntityTable<CollaborationItem, ItemRow>;

  constructor(db: Db) {
    super();
    this.table = new SqliteEntityTable(db, {
      entity: 'item',
      table: 'items',
      sectorIndex: { table: 'item_sector_index', fk: 'item_id' },
      toParams,
      toDomain: toItem,
      externalIdTaken: externalIdTaken('item'),
    });
  }

  create(item: CollaborationItem): Promise<void> {
    return settle(() => this.table.insert(item));
  }

  update(item: CollaborationItem): Promise<void> {
    return settle(() => this.table.update(item));
  }

  delete(id: string, at: string): Promise<boolean> {
    return settle(() => this.table.deleteById(id, at));
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return settle(() => this.table.deleteWhere('cluster_id', clusterId, at));
  }

  deleteByMember(memberId: string, at: string): Promise<string[]> {
    return settle(() => this.table.deleteWhere('member_id', memberId, at));
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

  findById(id: string): Promise<CollaborationItem | undefined> {
    return settle(() => this.table.findById(id));
  }

  findByIds(ids: readonly string[]): Promise<CollaborationItem[]> {
    return settle(() => this.table.findByIds(ids));
  }

  findByExternalId(externalId: string): Promise<CollaborationItem | undefined> {
    return settle(() => this.table.findOne('external_id', externalId));
  }

  list(filter: ItemFilter, page: PageRequest): Promise<CollaborationItem[]> {
    return settle(() => {
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
      return this.table.list({ equals, sector: filter.sector, text: filter.text, where }, page);
    });
  }

  count(): Promise<number> {
    return settle(() => this.table.count());
  }
}
