import { ItemHeader } from '../items/item';
import { Party } from '../parties/party';
import { VectorIndex } from '../vector-index/vector-index';
import { ItemView, PartyView } from './scoring';

/**
 * The scorer's view of parties: their profile, active needs and offers, and the vectors the index
 * holds for them. Built from records the caller loaded in one read per kind for a whole pool.
 */
export function partyView(
  party: Party,
  items: readonly ItemHeader[],
  index: VectorIndex,
): PartyView {
  return {
    key: party.key,
    type: party.type,
    id: party.id,
    name: party.name,
    economy: party.economy,
    clusterId: party.clusterId,
    sectors: party.sectors,
    inferredSectors: party.inferredSectors,
    languages: party.languages,
    updatedAt: party.updatedAt,
    profileVector: index.vectorOf(party.key),
    centroid: centroidOf(party.key, items, index),
    items: items.map((i) => itemView(i, index)),
  };
}

function itemView(i: ItemHeader, index: VectorIndex): ItemView {
  return {
    id: i.id,
    kind: i.kind,
    area: i.area,
    title: i.title,
    sectors: i.sectors,
    targetEconomies: i.targetEconomies,
    updatedAt: i.updatedAt,
    vectors: index.vectorsOf(`item:${i.id}`),
  };
}

/** What a party writes about, as one direction: its needs' and offers' chunks, else its profile's. */
function centroidOf(
  key: string,
  items: readonly ItemHeader[],
  index: VectorIndex,
): Float32Array | undefined {
  const chunks = items.flatMap((i) => index.vectorsOf(`item:${i.id}`));
  return meanVector(chunks.length ? chunks : index.vectorsOf(key));
}

/** The normalised mean of chunk vectors: one direction for a whole text (undefined for none). */
export function meanVector(vectors: readonly Float32Array[]): Float32Array | undefined {
  if (!vectors.length) return undefined;
  if (vectors.length === 1) return vectors[0];
  const mean = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) mean[i] += v[i];
  let norm = 0;
  for (let i = 0; i < mean.length; i++) norm += mean[i] * mean[i];
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < mean.length; i++) mean[i] /= norm;
  return mean;
}

/** The party with only the needs and offers whose target economies admit `economy`. */
export function visibleTo(party: PartyView, economy: string): PartyView {
  const items = party.items.filter(
    (i) => !i.targetEconomies.length || i.targetEconomies.includes(economy),
  );
  return items.length === party.items.length ? party : { ...party, items };
}
