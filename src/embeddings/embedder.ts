/** Whether a text is a search query or a stored document (e5-style models embed them differently). */
export type EmbeddingRole = 'query' | 'passage';

/** Port: turns texts into normalised vectors with one model. */
export abstract class Embedder {
  /** Model and revision, stored with every vector. */
  abstract readonly modelId: string;
  abstract readonly dimension: number;
  /** Tokens kept per text; the rest is truncated. */
  abstract readonly maxTokens: number;
  /** Unit-length vectors, one per text, in order. */
  abstract embed(texts: readonly string[], role: EmbeddingRole): Promise<Float32Array[]>;
  /** Model calls made so far (a call embeds one batch). */
  abstract readonly modelCalls: number;
  abstract close(): Promise<void>;
}
