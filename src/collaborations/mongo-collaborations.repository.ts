import { Schema, trusted } from 'mongoose';
import { PageRequest } from '../common/http/pagination';
import { MongoStore, isDuplicateKey } from '../infra/mongo/mongo-store';
import { externalIdTaken } from '../infra/store-errors';
import { COLLABORATION_SOURCES, Collaboration } from './collaboration';
import { CollaborationsRepository } from './collaborations.repository';

/** MongoDB document of a collaboration. Never leaves the repository. */
export interface CollaborationDoc {
  _id: string;
  externalId: string | null;
  title: string;
  area: string | null;
  startDate: string | null;
  source: string;
  introductionId: string | null;
  parties: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const collaborationSchema = new Schema<CollaborationDoc>(
  {
    _id: { type: String, required: true },
    externalId: { type: String, default: null, maxlength: 200 },
    title: { type: String, required: true, maxlength: 500 },
    area: { type: String, default: null },
    startDate: { type: String, default: null, match: /^\d{4}-\d{2}-\d{2}$/ },
    source: { type: String, required: true, enum: COLLABORATION_SOURCES },
    introductionId: { type: String, default: null },
    parties: {
      type: [String],
      validate: {
        validator: (v: string[]) => v.length >= 2,
        message: 'a collaboration has at least two parties',
      },
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'collaborations', versionKey: false, timestamps: false },
);
collaborationSchema.index(
  { externalId: 1 },
  { unique: true, partialFilterExpression: { externalId: { $type: 'string' } } },
);
collaborationSchema.index(
  { introductionId: 1 },
  { unique: true, partialFilterExpression: { introductionId: { $type: 'string' } } },
);
collaborationSchema.index({ parties: 1, _id: 1 });

export const collaborationMapper = {
  toDomain(this: void, d: CollaborationDoc): Collaboration {
    return {
      id: d._id,
      externalId: d.externalId ?? null,
      title: d.title,
      area: d.area ?? null,
      startDate: d.startDate ?? null,
      source: d.source as Collaboration['source'],
      introductionId: d.introductionId ?? null,
      parties: [...d.parties].sort(),
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  },
  toDoc(this: void, c: Collaboration): CollaborationDoc {
    return {
      _id: c.id,
      externalId: c.externalId,
      title: c.title,
      area: c.area,
      startDate: c.startDate,
      source: c.source,
      introductionId: c.introductionId,
      parties: [...c.parties],
      createdAt: new Date(c.createdAt),
      updatedAt: new Date(c.updatedAt),
    };
  },
};

export class MongoCollaborationsRepository extends CollaborationsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.model;
  }

  private get model() {
    return this.store.model<CollaborationDoc>('Collaboration', collaborationSchema);
  }

  async save(c: Collaboration): Promise<void> {
    try {
      await this.store.transaction(async (session) => {
        const { _id, createdAt, ...fields } = collaborationMapper.toDoc(c);
        await this.model.updateOne(
          { _id },
          { $set: fields, $setOnInsert: { createdAt } },
          { upsert: true, session, runValidators: true },
        );
        await this.store.recordChange(
          'collaboration',
          c.id,
          'upsert',
          new Date(c.updatedAt),
          session,
        );
      });
    } catch (error) {
      if (isDuplicateKey(error, 'externalId')) throw externalIdTaken('collaboration')();
      throw error;
    }
  }

  findById(id: string): Promise<Collaboration | undefined> {
    return this.one({ _id: id });
  }

  findByExternalId(externalId: string): Promise<Collaboration | undefined> {
    return this.one({ externalId });
  }

  findByIntroduction(introductionId: string): Promise<Collaboration | undefined> {
    return this.one({ introductionId });
  }

  async findByIds(ids: readonly string[]): Promise<Collaboration[]> {
    const docs = await this.model
      .find({ _id: trusted({ $in: [...ids] }) }, null, { session: this.store.session })
      .lean<CollaborationDoc[]>();
    return docs.map(collaborationMapper.toDomain);
  }

  /** The filter of a list (exposed for tests that need no server). */
  listFilter(filter: { party?: string }, page: PageRequest): Record<string, unknown> {
    const f: Record<string, unknown> = {};
    if (filter.party) f.parties = filter.party;
    if (page.after) f._id = trusted({ $gt: page.after });
    return f;
  }

  async list(filter: { party?: string }, page: PageRequest): Promise<Collaboration[]> {
    const docs = await this.model
      .find(this.listFilter(filter, page), null, { session: this.store.session })
      .sort({ _id: 1 })
      .limit(page.limit + 1)
      .lean<CollaborationDoc[]>();
    return docs.map(collaborationMapper.toDomain);
  }

  delete(id: string, at: string): Promise<boolean> {
    return this.store.transaction(async (session) => {
      const { deletedCount } = await this.model.deleteOne({ _id: id }, { session });
      if (deletedCount)
        await this.store.recordChange('collaboration', id, 'delete', new Date(at), session);
      return deletedCount > 0;
    });
  }

  forgetParties(keys: readonly string[], at: string): Promise<number> {
    return this.store.transaction(async (session) => {
      const touched = await this.model
        .find({ parties: trusted({ $in: [...keys] }) }, null, { session })
        .lean<CollaborationDoc[]>();
      for (const doc of touched) {
        const left = doc.parties.filter((p) => !keys.includes(p));
        if (left.length < 2) {
          await this.model.deleteOne({ _id: doc._id }, { session });
          await this.store.recordChange('collaboration', doc._id, 'delete', new Date(at), session);
        } else {
          await this.model.updateOne(
            { _id: doc._id },
            { $set: { parties: left, updatedAt: new Date(at) } },
            { session },
          );
          await this.store.recordChange('collaboration', doc._id, 'upsert', new Date(at), session);
        }
      }
      return touched.length;
    });
  }

  count(): Promise<number> {
    return this.model.countDocuments({}, { session: this.store.session });
  }

  private async one(filter: Record<string, string>): Promise<Collaboration | undefined> {
    const doc = await this.model
      .findOne(filter, null, { session: this.store.session })
      .lean<CollaborationDoc>();
    return doc ? collaborationMapper.toDomain(doc) : undefined;
  }
}
