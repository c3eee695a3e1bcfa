import { CollaborationItem } from '../items/item';
import { Party } from '../parties/party';
import { VectorIndex } from '../vector-index/vector-index';
import { ItemView, PartyView } from './scoring';

/**
 * The scorer's view of parties: their profile, active needs and offers, and the vectors the index
 * holds for them. Built from records the caller loaded in one read per kind for a whole pool.
 */
export function partyView(
  party: Party,
  items: readonly CollaborationItem[],
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
    languages: party.languages,
    updatedAt: party.updatedAt,
    profileVector: index.vectorOf(party.key),
    items: items.map((i) => itemView(i, index)),
  };
}

function itemView(i: CollaborationItem, index: VectorIndex): ItemView {
  return {
    id: i.id,
    kind: i.kind,
    area: i.area,
    title: i.title,
    sectors: i.sectors,
    targetEconomies: i.targetEconomies,
    updatedAt: i.updatedAt,
    vector: index.vectorOf(`item:${i.id}`),
  };
}

/** The party with only the needs and offers whose target economies admit `economy`. */
export function visibleTo(party: PartyView, economy: string): PartyView {
  const items = party.items.filter(
    (i) => !i.targetEconomies.length || i.targetEconomies.includes(economy),
  );
  return items.length === party.items.length ? party : { ...party, items };
}
