import { Schema, trusted } from 'mongoose';
import { MongoStore } from '../infra/mongo/mongo-store';
import { DigestRecord, DigestSettings, FREQUENCIES, SentItem } from './digest';
import { DigestsRepository } from './digests.repository';

type SettingsDoc = Omit<DigestSettings, 'recipientKey' | 'unsubscribedAt' | 'updatedAt'> & {
  _id: string;
  unsubscribedAt: Date | null;
  updatedAt: Date;
};
type DigestDoc = Omit<DigestRecord, 'createdAt' | 'sentAt' | 'leaseUntil'> & {
  _id: string;
  createdAt: Date;
  sentAt: Date | null;
  leaseUntil?: Date | null;
};
interface ItemDoc {
  _id: string;
  recipientKey: string;
  partnerKey: string;
  suggestionId: string;
  period: string;
  sentAt: Date;
}

export const digestSettingsSchema = new Schema<SettingsDoc>(
  {
    _id: String,
    email: { type: String, default: null, maxlength: 254 },
    frequency: { type: String, required: true, enum: FREQUENCIES },
    timezone: { type: String, default: null },
    language: { type: String, default: null },
    unsubscribedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'digest_settings', versionKey: false },
);
export const digestSchema = new Schema<DigestDoc>(
  {
    _id: String,
    recipientKey: { type: String, required: true },
    period: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'sent', 'empty', 'skipped'] },
    messageId: { type: String, required: true },
    email: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    error: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    leaseUntil: { type: Date, default: null },
  },
  { collection: 'digests', versionKey: false },
);
const itemSchema = new Schema<ItemDoc>(
  {
    _id: String,
    recipientKey: { type: String, required: true, index: true },
    partnerKey: { type: String, required: true },
    suggestionId: { type: String, required: true },
    period: { type: String, required: true },
    sentAt: { type: Date, required: true },
  },
  { collection: 'digest_items', versionKey: false },
);

const toRecord = ({ _id, ...d }: DigestDoc): DigestRecord => ({
  ...d,
  createdAt: d.createdAt.toISOString(),
  sentAt: d.sentAt ? d.sentAt.toISOString() : null,
  leaseUntil: d.leaseUntil ? d.leaseUntil.toISOString() : null,
});

export class MongoDigestsRepository extends DigestsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.settingsModel;
    void this.digests;
    void this.items;
  }

  private get settingsModel() {
    return this.store.model<SettingsDoc>('DigestSettings', digestSettingsSchema);
  }
  private get digests() {
    return this.store.model<DigestDoc>('Digest', digestSchema);
  }
  private get items() {
    return this.store.model<ItemDoc>('DigestItem', itemSchema);
  }

  async settings(recipientKey: string): Promise<DigestSettings | undefined> {
    const d = await this.settingsModel.findById(recipientKey).lean<SettingsDoc>();
    if (!d) return undefined;
    const { _id, unsubscribedAt, updatedAt, ...rest } = d;
    return {
      ...rest,
      recipientKey: _id,
      unsubscribedAt: unsubscribedAt ? unsubscribedAt.toISOString() : null,
      updatedAt: updatedAt.toISOString(),
    };
  }

  async saveSettings(s: DigestSettings): Promise<void> {
    const { recipientKey, unsubscribedAt, updatedAt, ...rest } = s;
    await this.settingsModel.replaceOne(
      { _id: recipientKey },
      {
        _id: recipientKey,
        ...rest,
        unsubscribedAt: unsubscribedAt ? new Date(unsubscribedAt) : null,
        updatedAt: new Date(updatedAt),
      },
      { upsert: true },
    );
  }

  async find(recipientKey: string, period: string): Promise<DigestRecord | undefined> {
    const d = await this.digests.findById(`${recipientKey}|${period}`).lean<DigestDoc>();
    return d ? toRecord(d) : undefined;
  }

  async claim(r: DigestRecord): Promise<DigestRecord> {
    const _id = `${r.recipientKey}|${r.period}`;
    await this.digests.updateOne(
      { _id },
      {
        $setOnInsert: {
          recipientKey: r.recipientKey,
          period: r.period,
          status: 'pending',
          messageId: r.messageId,
          email: r.email,
          attempts: 0,
          error: null,
          createdAt: new Date(r.createdAt),
          sentAt: null,
          leaseUntil: null,
        },
      },
      { upsert: true },
    );
    return toRecord((await this.digests.findById(_id).lean<DigestDoc>())!);
  }

  /** The filter and update of `lease` (exposed for the offline adapter tests). */
  leaseQuery(recipientKey: string, period: string, until: string, now: string) {
    return this.digests.updateOne(
      {
        _id: `${recipientKey}|${period}`,
        status: 'pending',
        $or: [{ leaseUntil: null }, { leaseUntil: trusted({ $lte: new Date(now) }) }],
      },
      { $set: { leaseUntil: new Date(until) } },
    );
  }

  async lease(recipientKey: string, period: string, until: string, now: string): Promise<boolean> {
    return (await this.leaseQuery(recipientKey, period, until, now)).modifiedCount === 1;
  }

  async recordAttempt(recipientKey: string, period: string, error: string | null): Promise<void> {
    await this.digests.updateOne(
      { _id: `${recipientKey}|${period}` },
      { $inc: { attempts: 1 }, $set: { error, leaseUntil: null } },
    );
  }

  async markSent(
    recipientKey: string,
    period: string,
    items: readonly SentItem[],
    at: string,
  ): Promise<void> {
    await this.store.transaction(async (session) => {
      await this.digests.updateOne(
        { _id: `${recipientKey}|${period}` },
        { $set: { status: 'sent', sentAt: new Date(at), error: null } },
        { session },
      );
      if (items.length) {
        await this.items.bulkWrite(
          items.map((i) => ({
            updateOne: {
              filter: { _id: `${recipientKey}|${i.partnerKey}` },
              update: {
                $setOnInsert: {
                  recipientKey,
                  partnerKey: i.partnerKey,
                  suggestionId: i.suggestionId,
                  period,
                  sentAt: new Date(at),
                },
              },
              upsert: true,
            },
          })),
          { session },
        );
      }
    });
  }

  async markDone(
    recipientKey: string,
    period: string,
    status: 'empty' | 'skipped',
    at: string,
  ): Promise<void> {
    await this.digests.updateOne(
      { _id: `${recipientKey}|${period}` },
      { $set: { status, sentAt: new Date(at) } },
    );
  }

  async sentPartners(recipientKey: string): Promise<Set<string>> {
    return new Set(
      (
        await this.items.find({ recipientKey }, { partnerKey: 1 }).lean<{ partnerKey: string }[]>()
      ).map((d) => d.partnerKey),
    );
  }

  async history(recipientKey: string): Promise<DigestRecord[]> {
    const docs = await this.digests
      .find({ recipientKey })
      .sort({ createdAt: 1 })
      .lean<DigestDoc[]>();
    return docs.map(toRecord);
  }

  async forgetParties(keys: readonly string[]): Promise<number> {
    if (!keys.length) return 0;
    const list = trusted({ $in: [...keys] });
    return this.store.transaction(async (session) => {
      const settings = await this.settingsModel.deleteMany({ _id: list }, { session });
      const digests = await this.digests.deleteMany({ recipientKey: list }, { session });
      const items = await this.items.deleteMany(
        { $or: [{ recipientKey: list }, { partnerKey: list }] },
        { session },
      );
      return settings.deletedCount + digests.deletedCount + items.deletedCount;
    });
  }
}
