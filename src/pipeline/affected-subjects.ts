import { parseRefKey } from '../embeddings/embedding';
import { Change } from '../infra/change-feed';
import { IndexMeta, Partition, VectorIndex } from '../vector-index/vector-index';

/** The party (subject) that owns a record: itself for a cluster or member, its owner for an item. */
export function ownerOf(key: string, meta: IndexMeta | undefined): string | undefined {
  if (!meta) return undefined;
  if (meta.entity !== 'item') return key;
  return meta.memberId ? `member:${meta.memberId}` : `cluster:${meta.clusterId}`;
}

/** The record keys a batch of changes touched ('embedding' changes name the embedded record). */
export function changedKeys(changes: readonly Change[]): {
  upserted: Set<string>;
  deleted: Set<string>;
} {
  const upserted = new Set<string>();
  const deleted = new Set<string>();
  for (const c of changes) {
    const key = c.entity === 'embedding' ? c.entityId : `${c.entity}:${c.entityId}`;
    if (c.op === 'delete') {
      deleted.add(key);
      upserted.delete(key);
    } else {
      upserted.add(key);
      deleted.delete(key);
    }
  }
  return { upserted, deleted };
}

const OPPOSITE: Record<Partition, Partition> = { need: 'offer', offer: 'need', profile: 'profile' };

/**
 * Subjects whose suggestions a changed record can change: its owner; and, for a live record, the
 * owners of its nearest counterparts (the needs near a new offer, the offers near a new need, the
 * profiles near a profile), who may now get it. Subjects that currently list the owner are added
 * by the caller (from the stored lists).
 */
export function counterpartsOf(key: string, index: VectorIndex, k: number): string[] {
  const partition = index.partitionOfKey(key);
  const vector = partition && index.vectorOf(key);
  if (!partition || !vector) return [];
  const meta = index.metaOf(key);
  const hits = index.search({
    partition: OPPOSITE[partition],
    vector,
    k,
    filter: meta ? { excludeClusterIds: [meta.clusterId] } : undefined,
  });
  return [...new Set(hits.map((h) => ownerOf(h.key, h.meta)).filter((o): o is string => !!o))];
}

export const isParty = (key: string) => {
  const { entity } = parseRefKey(key);
  return entity === 'cluster' || entity === 'member';
};
