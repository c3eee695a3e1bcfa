import { Schema, trusted } from 'mongoose';
import { Change, ChangeFeed, ConsumerCursors } from '../change-feed';
import { ChangeDoc, MongoStore, changeSchema } from './mongo-store';

interface CursorDoc {
  _id: string;
  seq: number;
  updatedAt: Date;
}

const cursorSchema = new Schema<CursorDoc>(
  { _id: String, seq: { type: Number, required: true }, updatedAt: { type: Date, required: true } },
  { collection: 'consumer_cursors', versionKey: false },
);

export class MongoChangeFeed extends ChangeFeed {
  constructor(private readonly store: MongoStore) {
    super();
  }

  private get changes() {
    return this.store.model<ChangeDoc>('Change', changeSchema);
  }

  async readAfter(afterSeq: number, limit: number): Promise<Change[]> {
    const docs = await this.changes
      .find({ _id: trusted({ $gt: afterSeq }) })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<ChangeDoc[]>();
    return docs.map((d) => ({
      seq: d._id,
      entity: d.entity,
      entityId: d.entityId,
      op: d.op,
      at: d.at.toISOString(),
    }));
  }

  async head(): Promise<number> {
    const last = await this.changes.findOne({}).sort({ _id: -1 }).lean<ChangeDoc>();
    return last?._id ?? 0;
  }
}

export class MongoConsumerCursors extends ConsumerCursors {
  constructor(private readonly store: MongoStore) {
    super();
  }

  private get cursors() {
    return this.store.model<CursorDoc>('ConsumerCursor', cursorSchema);
  }

  async get(name: string): Promise<number | undefined> {
    return (await this.cursors.findById(name).lean<CursorDoc>())?.seq;
  }

  async reset(name: string): Promise<void> {
    await this.cursors.deleteOne({ _id: name });
  }

  async set(name: string, seq: number, at: string): Promise<void> {
    await this.cursors.updateOne(
      { _id: name },
      { $set: { seq, updatedAt: new Date(at) } },
      { upsert: true },
    );
  }
}
