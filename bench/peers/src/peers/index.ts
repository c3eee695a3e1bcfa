import { Peer } from './peer';

/** Peer registry: name → adapter factory (lazy require, so a broken peer fails alone). */
export const PEERS: Record<string, () => Peer> = {
  'hnswlib-node': () => new (require('./hnswlib').HnswlibPeer)(),
  usearch: () => new (require('./usearch').UsearchPeer)(1),
  'usearch-2t': () => new (require('./usearch').UsearchPeer)(2),
  'lancedb-hnsw-sq': () => new (require('./lancedb').LancePeer)('hnsw-sq'),
  'lancedb-ivf-pq': () => new (require('./lancedb').LancePeer)('ivf-pq'),
  'sqlite-vec': () => new (require('./sqlite-vec').SqliteVecPeer)(),
};
