/** The records that get a vector: cluster profiles, member profiles, needs and offers. */
export type EmbeddedEntity = 'cluster' | 'member' | 'item';

export const EMBEDDED_ENTITIES: readonly string[] = ['cluster', 'member', 'item'];

/** Whether a change-log entity is a record that gets a vector (not an embedding, a collaboration…). */
export function isEmbedded(entity: string): entity is EmbeddedEntity {
  return EMBEDDED_ENTITIES.includes(entity);
}

export interface EntityRef {
  entity: EmbeddedEntity;
  id: string;
}

/**
 * A record's vectors: which model made them, from which text (its hash). A text longer than the
 * model's window is embedded in chunks, one vector each, the first one leading with the record's
 * name or title. Vectors of two models are never compared: every read names the model.
 */
export interface EmbeddingRecord extends EntityRef {
  modelId: string;
  dimension: number;
  contentHash: string;
  /** One unit vector per chunk, in text order (at least one). */
  vectors: Float32Array[];
  updatedAt: string;
}

export const refKey = (ref: EntityRef): string => `${ref.entity}:${ref.id}`;

export function parseRefKey(key: string): EntityRef {
  const at = key.indexOf(':');
  return { entity: key.slice(0, at) as EmbeddedEntity, id: key.slice(at + 1) };
}

/** The chunk vectors, one after the other, as bytes (a single vector is one chunk). */
export function vectorsToBuffer(vectors: readonly Float32Array[]): Buffer {
  return Buffer.concat(vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
}

export function bufferToVectors(buffer: Uint8Array, dimension: number): Float32Array[] {
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  const all = new Float32Array(copy.buffer);
  const vectors: Float32Array[] = [];
  for (let at = 0; at + dimension <= all.length; at += dimension)
    vectors.push(all.subarray(at, at + dimension));
  return vectors;
}
