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
 * A stored vector: which model made it, from which text (its hash). Vectors of two models are
 * never compared: every read names the model.
 */
export interface EmbeddingRecord extends EntityRef {
  modelId: string;
  dimension: number;
  contentHash: string;
  vector: Float32Array;
  updatedAt: string;
}

export const refKey = (ref: EntityRef): string => `${ref.entity}:${ref.id}`;

export function parseRefKey(key: string): EntityRef {
  const at = key.indexOf(':');
  return { entity: key.slice(0, at) as EmbeddedEntity, id: key.slice(at + 1) };
}

export function vectorToBuffer(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function bufferToVector(buffer: Uint8Array): Float32Array {
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return new Float32Array(copy.buffer);
}
