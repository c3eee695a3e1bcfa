import { PipelineStage, Schema, trusted } from 'mongoose';
import { MongoStore } from '../infra/mongo/mongo-store';
import { Feedback, Suggestion, SuggestionList } from './suggestion';
import {
  FeedbackRepository,
  PartnerEconomyCount,
  SuggestionFilter,
  SuggestionsRepository,
} from './suggestions.repository';

/** MongoDB documents of suggestion lists, suggestions and feedback. */
interface ListDoc {
  _id: string;
  criteriaVersion: number;
  computedAt: Date;
  changeSeq: number;
  size: number;
}

type SuggestionDoc = Omit<Suggestion, 'id' | 'computedAt'> & { _id: string; computedAt: Date };

interface FeedbackDoc {
  _id: string;
  subjectKey: string;
  partnerKey: string;
  status: Feedback['status'];
  reason: string | null;
  actor: string;
  at: Date;
}

const listSchema = new Schema<ListDoc>(
  {
    _id: String,
    criteriaVersion: { type: Number, required: true },
    computedAt: { type: Date, required: true },
    changeSeq: { type: Number, required: true },
    size: { type: Number, required: true },
  },
  { collection: 'suggestion_lists', versionKey: false },
);

export const suggestionSchema = new Schema<SuggestionDoc>(
  {
    _id: { type: String, required: true },
    subjectKey: { type: String, required: true },
    partnerKey: { type: String, required: true },
    partnerEconomy: { type: String, required: true },
    rank: { type: Number, required: true, min: 1 },
    score: { type: Number, required: true },
    parts: { type: Schema.Types.Mixed, required: true },
    reason: { type: String, required: true },
    // The reason as data (lists stored before reasons became data have none).
    reasonParts: { type: Schema.Types.Mixed, default: null },
    evidence: { type: Schema.Types.Mixed, required: true },
    areas: { type: [String], default: [] },
    criteriaVersion: { type: Number, required: true },
    computedAt: { type: Date, required: true },
  },
  { collection: 'suggestions', versionKey: false },
);
suggestionSchema.index({ subjectKey: 1, rank: 1 });

/** The aggregation behind partnerEconomyCounts (exported for its test without a server). */
export function partnerEconomyPipeline(area?: string): PipelineStage[] {
  return [
    ...(area ? [{ $match: { areas: area } }] : []),
    {
      $group: {
        _id: { subjectKey: '$subjectKey', partnerEconomy: '$partnerEconomy' },
        count: { $sum: 1 },
      },
    },
  ];
}
suggestionSchema.index({ subjectKey: 1, partnerKey: 1 }, { unique: true });
suggestionSchema.index({ partnerKey: 1 });

export const feedbackSchema = new Schema<FeedbackDoc>(
  {
    _id: { type: String, required: true },
    subjectKey: { type: String, required: true },
    partnerKey: { type: String, required: true },
    status: { type: String, required: true, enum: ['useful', 'not_relevant', 'saved', 'hidden'] },
    reason: { type: String, default: null, maxlength: 1000 },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'feedback', versionKey: false },
);
feedbackSchema.index({ subjectKey: 1 });

const toSuggestion = (d: SuggestionDoc): Suggestion => {
  const { _id, computedAt, reasonParts, ...rest } = d;
  return {
    ...rest,
    reasonParts: reasonParts ?? null,
    id: _id,
    computedAt: computedAt.toISOString(),
  };
};

export class MongoSuggestionsRepository extends SuggestionsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.lists;
    void this.suggestions;
  }

  private get lists() {
    return this.store.model<ListDoc>('SuggestionList', listSchema);
  }

  private get suggestions() {
    return this.store.model<SuggestionDoc>('Suggestion', suggestionSchema);
  }

  async replaceList(list: SuggestionList, suggestions: readonly Suggestion[]): Promise<void> {
    await this.store.transaction(async (session) => {
      await this.suggestions.deleteMany({ subjectKey: list.subjectKey }, { session });
      if (suggestions.length) {
        await this.suggestions.insertMany(
          suggestions.map(({ id, computedAt, ...rest }) => ({
            ...rest,
            _id: id,
            computedAt: new Date(computedAt),
          })),
          { session },
        );
      }
      await this.lists.updateOne(
        { _id: list.subjectKey },
        {
          $set: {
            criteriaVersion: list.criteriaVersion,
            computedAt: new Date(list.computedAt),
            changeSeq: list.changeSeq,
            size: suggestions.length,
          },
        },
        { upsert: true, session },
      );
    });
  }

  async findList(subjectKey: string): Promise<SuggestionList | undefined> {
    const d = await this.lists.findById(subjectKey).lean<ListDoc>();
    return d
      ? {
          subjectKey: d._id,
          criteriaVersion: d.criteriaVersion,
          computedAt: d.computedAt.toISOString(),
          changeSeq: d.changeSeq,
          size: d.size,
        }
      : undefined;
  }

  /** The filter of a page of a list (exposed for tests that need no server). */
  listFilter(subjectKey: string, filter: SuggestionFilter, afterRank = 0): Record<string, unknown> {
    return {
      subjectKey,
      rank: trusted({ $gt: afterRank }),
      ...(filter.economy ? { partnerEconomy: filter.economy } : {}),
      ...(filter.area ? { areas: filter.area } : {}),
    };
  }

  async list(
    subjectKey: string,
    filter: SuggestionFilter,
    page: { limit: number; afterRank?: number },
  ): Promise<Suggestion[]> {
    const docs = await this.suggestions
      .find(this.listFilter(subjectKey, filter, page.afterRank))
      .sort({ rank: 1 })
      .limit(page.limit + 1)
      .lean<SuggestionDoc[]>();
    return docs.map(toSuggestion);
  }

  async findById(id: string): Promise<Suggestion | undefined> {
    const d = await this.suggestions.findById(id).lean<SuggestionDoc>();
    return d ? toSuggestion(d) : undefined;
  }

  async subjectsSuggesting(partnerKey: string): Promise<string[]> {
    return (
      await this.suggestions
        .find({ partnerKey }, { subjectKey: 1 })
        .lean<{ subjectKey: string }[]>()
    ).map((d) => d.subjectKey);
  }

  async forgetParties(keys: readonly string[]): Promise<string[]> {
    if (!keys.length) return [];
    const list = trusted({ $in: [...keys] });
    return this.store.transaction(async (session) => {
      const gone = new Set(keys);
      const others = (
        await this.suggestions.distinct('subjectKey', { partnerKey: list }).session(session)
      ).filter((k) => !gone.has(k));
      await this.suggestions.deleteMany(
        { $or: [{ subjectKey: list }, { partnerKey: list }] },
        { session },
      );
      await this.lists.deleteMany({ _id: list }, { session });
      if (others.length)
        await this.lists.updateMany(
          { _id: trusted({ $in: others }) },
          { $set: { computedAt: new Date(0) } },
          { session },
        );
      return others;
    });
  }

  countLists(): Promise<number> {
    return this.lists.countDocuments({});
  }

  async partnerEconomyCounts(area?: string): Promise<PartnerEconomyCount[]> {
    const rows = await this.suggestions.aggregate<{
      _id: { subjectKey: string; partnerEconomy: string };
      count: number;
    }>(partnerEconomyPipeline(area));
    return rows.map((r) => ({ ...r._id, count: r.count }));
  }
}

export class MongoFeedbackRepository extends FeedbackRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.feedback;
  }

  private get feedback() {
    return this.store.model<FeedbackDoc>('Feedback', feedbackSchema);
  }

  async upsert(f: Feedback): Promise<void> {
    const _id = `${f.subjectKey}|${f.partnerKey}`;
    await this.feedback.replaceOne({ _id }, { _id, ...f, at: new Date(f.at) }, { upsert: true });
  }

  async forSubject(subjectKey: string): Promise<Feedback[]> {
    return (await this.feedback.find({ subjectKey }).lean<FeedbackDoc[]>()).map(toFeedback);
  }

  async forgetParties(keys: readonly string[]): Promise<number> {
    if (!keys.length) return 0;
    const list = trusted({ $in: [...keys] });
    const r = await this.feedback.deleteMany({ $or: [{ subjectKey: list }, { partnerKey: list }] });
    return r.deletedCount;
  }

  async find(subjectKey: string, partnerKey: string): Promise<Feedback | undefined> {
    const d = await this.feedback.findById(`${subjectKey}|${partnerKey}`).lean<FeedbackDoc>();
    return d ? toFeedback(d) : undefined;
  }
}

const toFeedback = (d: FeedbackDoc): Feedback => ({
  subjectKey: d.subjectKey,
  partnerKey: d.partnerKey,
  status: d.status,
  reason: d.reason ?? null,
  actor: d.actor,
  at: d.at.toISOString(),
});
