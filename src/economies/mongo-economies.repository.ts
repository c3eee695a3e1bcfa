import { MongoStore } from '../infra/mongo/mongo-store';
import { EconomiesRepository } from './economies.repository';
import { Economy, EconomyContent, UpsertOutcome, sameEconomyContent } from './economy';
import { EconomyDoc, economyMapper, economySchema } from './economy.schema';

export class MongoEconomiesRepository extends EconomiesRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.economies;
  }

  private get economies() {
    return this.store.model<EconomyDoc>('Economy', economySchema);
  }

  async list(): Promise<Economy[]> {
    const docs = await this.economies
      .find({}, null, { session: this.store.session })
      .sort({ apec: -1, _id: 1 })
      .lean<EconomyDoc[]>();
    return docs.map(economyMapper.toDomain);
  }

  async findByCode(code: string): Promise<Economy | undefined> {
    const doc = await this.economies
      .findById(code, null, { session: this.store.session })
      .lean<EconomyDoc>();
    return doc ? economyMapper.toDomain(doc) : undefined;
  }

  async upsert(content: EconomyContent, now: string): Promise<UpsertOutcome> {
    const existing = await this.findByCode(content.code);
    if (existing && sameEconomyContent(existing, content)) return 'unchanged';
    await this.economies.updateOne(
      { _id: content.code },
      this.upsertUpdate(content, new Date(now)),
      { upsert: true, session: this.store.session },
    );
    return existing ? 'updated' : 'created';
  }

  /** The update document of an upsert (exposed for tests that need no server). */
  upsertUpdate(content: EconomyContent, now: Date) {
    return {
      $set: {
        name: content.name,
        languages: content.languages,
        timezone: content.timezone,
        apec: content.apec,
        updatedAt: now,
      },
      $setOnInsert: { createdAt: now },
    };
  }

  async delete(code: string): Promise<'deleted' | 'not_found' | 'in_use'> {
    return this.store.transaction(async (session) => {
      if (!(await this.economies.exists({ _id: code }).session(session))) return 'not_found';
      const db = this.store.connection;
      const used =
        (await db
          .collection('clusters')
          .findOne({ economy: code }, { session, projection: { _id: 1 } })) ??
        (await db
          .collection('items')
          .findOne({ targetEconomies: code }, { session, projection: { _id: 1 } }));
      if (used) return 'in_use';
      await this.economies.deleteOne({ _id: code }).session(session);
      return 'deleted';
    });
  }
}
