import { trusted } from 'mongoose';
import { PageRequest } from '../common/http/pagination';
import { HEADER_PROJECTION, MongoEntityRepository } from '../infra/mongo/mongo-entity-repository';
import { MongoStore, listFilter } from '../infra/mongo/mongo-store';
import { externalIdTaken } from '../infra/store-errors';
import { CollaborationItem, ItemFilter, ItemHeader } from './item';
import { ItemDoc, itemMapper, itemSchema } from './item.schema';
import { ItemsRepository } from './items.repository';

export class MongoItemsRepository
  extends MongoEntityRepository<CollaborationItem, ItemDoc>
  implements ItemsRepository
{
  constructor(store: MongoStore) {
    super(store, {
      entity: 'item',
      model: 'Item',
      schema: itemSchema,
      toDomain: itemMapper.toDomain,
      toPersistence: itemMapper.toPersistence,
      externalIdTaken: externalIdTaken('item'),
    });
  }

  deleteByCluster(clusterId: string, at: string): Promise<string[]> {
    return this.deleteWhere('clusterId', clusterId, at);
  }

  deleteByMember(memberId: string, at: string): Promise<string[]> {
    return this.deleteWhere('memberId', memberId, at);
  }

  setEconomyOfCluster(clusterId: string, economy: string, at: string): Promise<string[]> {
    return this.setWhere('clusterId', clusterId, { economy }, at);
  }

  followMember(memberId: string, clusterId: string, economy: string, at: string) {
    return this.setWhere('memberId', memberId, { clusterId, economy }, at);
  }

  /** The filter of listForOwners (exposed for tests that need no server; its projection is HEADER_PROJECTION). */
  ownersFilter(
    owners: { clusterIds: readonly string[]; memberIds: readonly string[] },
    validOn: string,
  ): Record<string, unknown> {
    return {
      $or: trusted([
        { ownerType: 'cluster', clusterId: trusted({ $in: [...owners.clusterIds] }) },
        { ownerType: 'member', memberId: trusted({ $in: [...owners.memberIds] }) },
      ]),
      validUntil: trusted({ $gte: validOn }),
    };
  }

  async listForOwners(
    owners: { clusterIds: readonly string[]; memberIds: readonly string[] },
    validOn: string,
  ): Promise<ItemHeader[]> {
    const docs = await this.model
      .find(this.ownersFilter(owners, validOn), HEADER_PROJECTION, { session: this.store.session })
      .sort({ _id: 1 })
      .lean<ItemDoc[]>();
    return docs.map((d) => {
      const { description: _, ...header } = itemMapper.toDomain({ ...d, description: '' });
      return header;
    });
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
    return this.listWhere(this.listFilter(filter, page), page);
  }
}
