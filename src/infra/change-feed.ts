/**
 * The change log: every write to a cluster, member, item or embedding appends an entry in the
 * same transaction, numbered by a sequence that follows commit order (SQLite has one writer;
 * MongoDB transactions serialise on the sequence counter). Consumers (the embedder, each process's
 * index replica) remember the last sequence they processed and read on from there.
 */
export type ChangeEntity = 'cluster' | 'member' | 'item' | 'embedding' | 'collaboration';

export interface Change {
  seq: number;
  entity: ChangeEntity;
  /** For 'embedding': '<entity>:<id>' of the embedded record. */
  entityId: string;
  op: 'upsert' | 'delete';
  at: string;
}

/** Port: reads the change log. */
export abstract class ChangeFeed {
  /** Up to `limit` changes with seq > `afterSeq`, in seq order. */
  abstract readAfter(afterSeq: number, limit: number): Promise<Change[]>;
  /** The highest seq written so far (0 when none). */
  abstract head(): Promise<number>;
}

/** Port: durable positions of change-log consumers. */
export abstract class ConsumerCursors {
  /** undefined: this consumer has never run. */
  abstract get(name: string): Promise<number | undefined>;
  abstract set(name: string, seq: number, at: string): Promise<void>;
  abstract reset(name: string): Promise<void>;
}
