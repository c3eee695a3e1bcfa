import { Cluster } from '../clusters/cluster';
import { ClustersRepository } from '../clusters/clusters.repository';
import { EmbeddedEntity, EntityRef, refKey } from '../embeddings/embedding';
import { CollaborationItem } from '../items/item';
import { ItemsRepository } from '../items/items.repository';
import { Member } from '../members/member';
import { MembersRepository } from '../members/members.repository';
import { sectorIndexFor } from '../sectors/sector-catalog';
import { KeywordDoc } from './keyword-index';
import { IndexMeta, Partition } from './vector-index';

export type Indexable =
  | { entity: 'cluster'; record: Cluster }
  | { entity: 'member'; record: Member }
  | { entity: 'item'; record: CollaborationItem };

/** Which partition a record's vector lives in, and the metadata kept beside it. */
export function indexPlacement(x: Indexable): { partition: Partition; meta: IndexMeta } {
  const sectorIndex = sectorIndexFor(x.record.sectors);
  switch (x.entity) {
    case 'cluster':
      return {
        partition: 'profile',
        meta: {
          entity: 'cluster',
          id: x.record.id,
          economy: x.record.economy,
          clusterId: x.record.id,
          memberId: null,
          sectorIndex,
        },
      };
    case 'member':
      return {
        partition: 'profile',
        meta: {
          entity: 'member',
          id: x.record.id,
          economy: x.record.economy,
          clusterId: x.record.clusterId,
          memberId: x.record.id,
          sectorIndex,
        },
      };
    case 'item':
      return {
        partition: x.record.kind,
        meta: {
          entity: 'item',
          id: x.record.id,
          economy: x.record.economy,
          clusterId: x.record.clusterId,
          memberId: x.record.memberId,
          area: x.record.area,
          validUntil: x.record.validUntil,
          targetEconomies: x.record.targetEconomies,
          sectorIndex,
        },
      };
  }
}

/** The party a placed record belongs to (itself for a cluster or a member), from its metadata. */
export function ownerOf(meta: IndexMeta): string {
  return meta.memberId ? `member:${meta.memberId}` : `cluster:${meta.clusterId}`;
}

/** The party a record belongs to: itself for a cluster or member, its owner for an item. */
export function partyOf(x: Indexable): string {
  if (x.entity !== 'item') return `${x.entity}:${x.record.id}`;
  return x.record.memberId ? `member:${x.record.memberId}` : `cluster:${x.record.clusterId}`;
}

/** Loads the records behind a set of references; a missing one was deleted. */
export async function loadIndexables(
  refs: readonly EntityRef[],
  repos: { clusters: ClustersRepository; members: MembersRepository; items: ItemsRepository },
): Promise<Map<string, Indexable>> {
  const ids = (entity: EmbeddedEntity) => refs.filter((r) => r.entity === entity).map((r) => r.id);
  const out = new Map<string, Indexable>();
  for (const record of await repos.clusters.findByIds(ids('cluster')))
    out.set(refKey({ entity: 'cluster', id: record.id }), { entity: 'cluster', record });
  for (const record of await repos.members.findByIds(ids('member')))
    out.set(refKey({ entity: 'member', id: record.id }), { entity: 'member', record });
  for (const record of await repos.items.findByIds(ids('item')))
    out.set(refKey({ entity: 'item', id: record.id }), { entity: 'item', record });
  return out;
}

/** The keyword-channel document of a record: its text and exact terms (sector codes, technologies). */
export function keywordDoc(key: string, x: Indexable): KeywordDoc {
  const terms = sectorIndexFor(x.record.sectors).map((c) => `isic:${c}`);
  switch (x.entity) {
    case 'cluster':
      return {
        key,
        text: [x.record.name, x.record.technologies.join(' '), x.record.description].join(' '),
        terms,
      };
    case 'member':
      return {
        key,
        text: [x.record.name, x.record.technologies.join(' '), x.record.description].join(' '),
        terms,
      };
    case 'item':
      return { key, text: [x.record.title, x.record.description].join(' '), terms };
  }
}
