import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose, { ClientSession, Connection, Schema, trusted } from 'mongoose';
import { ChangeEntity } from '../change-feed';

/**
 * The MongoDB connection and what every mongoose repository shares: transactions (which need a
 * replica set; docker-compose runs a single-node one), the change-log sequence and its feed.
 * `sanitizeFilter` is on, so a client-supplied `{ "$gt": "" }` can never become a query operator.
 */
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

export interface ChangeDoc {
  _id: number;
  entity: ChangeEntity;
  entityId: string;
  op: 'upsert' | 'delete';
  at: Date;
}

export const counterSchema = new Schema<{ _id: string; seq: number }>(
  { _id: String, seq: { type: Number, required: true } },
  { versionKey: false },
);
export const changeSchema = new Schema<ChangeDoc>(
  {
    _id: Number,
    entity: {
      type: String,
      required: true,
      enum: ['cluster', 'member', 'item', 'embedding', 'collaboration'],
    },
    entityId: { type: String, required: true },
    op: { type: String, required: true, enum: ['upsert', 'delete'] },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'changes' },
);

export class MongoStore {
  /** The session of the transaction the current call runs in, if any (see transaction()). */
  private readonly ambient = new AsyncLocalStorage<ClientSession>();

  constructor(readonly connection: Connection) {}

  /** The current transaction's session: repositories pass it to every query and write. */
  get session(): ClientSession | undefined {
    return this.ambient.getStore();
  }

  static async connect(uri: string): Promise<MongoStore> {
    const connection = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: 10000,
      autoIndex: true,
    });
    await connection.asPromise();
    return new MongoStore(connection);
  }

  /** A model on this connection, registered once. */
  model<T>(name: string, schema: Schema<T>) {
    return (
      (this.connection.models[name] as mongoose.Model<T> | undefined) ??
      this.connection.model<T>(name, schema)
    );
  }

  /**
   * Runs `fn` in a transaction: the caller's, when it already runs in one (a unit of work), else a
   * new one, whose session is ambient for everything `fn` calls.
   */
  async transaction<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    const current = this.session;
    if (current) return fn(current);
    const session = await this.connection.startSession();
    try {
      let result!: T;
      await session.withTransaction(() =>
        this.ambient.run(session, async () => {
          result = await fn(session);
        }),
      );
      return result;
    } finally {
      await session.endSession();
    }
  }

  async recordChange(
    entity: ChangeDoc['entity'],
    entityId: string,
    op: ChangeDoc['op'],
    at: Date,
    session: ClientSession,
  ): Promise<number> {
    const counter = await this.model('Counter', counterSchema)
      .findOneAndUpdate(
        { _id: 'changes' },
        { $inc: { seq: 1 } },
        { upsert: true, new: true, session },
      )
      .lean();
    const seq = counter.seq;
    await this.model('Change', changeSchema).create([{ _id: seq, entity, entityId, op, at }], {
      session,
    });
    return seq;
  }

  async ensureIndexes(): Promise<void> {
    await Promise.all(Object.values(this.connection.models).map((m) => m.syncIndexes()));
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** A literal substring as a regular expression (user text never becomes regex syntax). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Filters shared by the list queries of clusters, members and items. Operators we build ourselves
 * are marked `trusted` so `sanitizeFilter` lets them through; values from clients stay plain values.
 */
export function listFilter(
  equals: Record<string, string | undefined>,
  opts: { sector?: string; text?: string; after?: string },
): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(equals)) if (v !== undefined) filter[k] = v;
  if (opts.sector) filter.sectorIndex = opts.sector;
  if (opts.text) filter.searchText = trusted({ $regex: escapeRegex(opts.text) });
  if (opts.after) filter._id = trusted({ $gt: opts.after });
  return filter;
}

export function isDuplicateKey(error: unknown, field: string): boolean {
  return (
    (error as { code?: number })?.code === 11000 && String((error as Error).message).includes(field)
  );
}
