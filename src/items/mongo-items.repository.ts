import { ClientSession, trusted } from 'mongoose';
import { PageRequest } from '../common/http/pagination';
import { MongoEntityCollection } from '../infra/mongo/mongo-entity-collection';
import { MongoStore, listFilter } from '../infra/mongo/mongo-store';
import { externalIdTaken } from '../infra/store-errors';
import { CollaborationItem, ItemFilter } from './item';
import { ItemDoc, itemMapper, itemSchema } from './item.schema';
import { ItemsRepository } from './items.repository';

export class MongoItemsRepository extends ItemsRepository {
  readonly collection: MongoEntityCollection<CollaborationItem, ItemDoc>;

  constructor(
    private readonly store: MongoStore,
    collection?: MongoEntityCollection<CollaborationItem, ItemDoc>,
  ) {
    super();
    this.collection =
      collection ??
      new MongoEntityCollection(store, {
        entity: 'item',
        model: 'Item',
        schema: itemSchema,
        toDomain: itemMapper.toDomain,
        toPersistence: itemMapper.toPersistence,
        externalIdTaken: externalIdTaken('item'),
      });
  }

  withSession(session: ClientSession): MongoItemsRepository {
    return new MongoItemsRepository(this.store, this.collection.withSession(session));
  }

  create(item: CollaborationItem): Promise<void> {
    return this.collection.insert(item);
  }

  update(item: CollaborationItem): Promise<void> {
    return this.collection.update(item);
  }

  delete(id: string, at: string): Promise<boolean> {
    return this.collection.deleteById(id, at);
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return this.collection.deleteWhere('clusterId', clusterId, at);
  }

  deleteByMember(memberId: string, at: string): Promise<string[]> {
    return this.collection.deleteWhere('memberId', memberId, at);
  }

  setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]> {
    return this.collection.setWhere('clusterId', clusterId, { economy }, at);
  }

  findById(id: string): Promise<CollaborationItem | undefined> {
    return this.collection.findOne({ _id: id });
  }

  findByIds(ids: readonly string[]): Promise<CollaborationItem[]> {
    return this.collection.findByIds(ids);
  }

  findByExternalId(externalId: string): Promise<CollaborationItem | undefined> {
    return this.collection.findOne({ externalId });
  }

  listFilter(filter: ItemFilter, page: PageRequest): Record<string, unknown> {
    const base = listFilter(
      {
        clusterId: filter.clusterId,
        memberId: filter.memberId,
        ownerType: filter.ownerType,
        economy: filter.economy,
        kind: filter.kind,
        area: filter.area,
      },
      { sector: filter.sector, text: filter.text, after: page.after },
    );
    const validUntil: Record<string, string> = {};
    if (filter.validOn) validUntil.$gte = filter.validOn;
    if (filter.expiredBefore) validUntil.$lt = filter.expiredBefore;
    return Object.keys(validUntil).length ? { ...base, validUntil: trusted(validUntil) } : base;
  }

  list(filter: ItemFilter, page: PageRequest): Promise<CollaborationItem[]> {
    return this.collection.list(this.listFilter(filter, page), page);
  }

  count(): Promise<number> {
    return this.collection.count();
  }
}
