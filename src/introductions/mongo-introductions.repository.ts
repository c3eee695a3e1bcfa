import { ClientSession, PipelineStage, Schema, trusted } from 'mongoose';
import { PageRequest } from '../common/http/pagination';
import { newId } from '../common/ids';
import { MongoStore } from '../infra/mongo/mongo-store';
import {
  INTRODUCTION_EVENTS,
  INTRODUCTION_STATUSES,
  Introduction,
  IntroductionCount,
  IntroductionDecision,
  IntroductionEvent,
  IntroductionFilter,
  IntroductionNotification,
  NOTIFIED_FIELD,
} from './introduction';
import { IntroductionsRepository } from './introductions.repository';

type IntroductionDoc = Omit<
  Introduction,
  | 'id'
  | 'createdAt'
  | 'expiresAt'
  | 'decidedAt'
  | 'requestNotifiedAt'
  | 'decisionNotifiedAt'
  | 'releaseNotifiedAt'
> & {
  _id: string;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  requestNotifiedAt: Date | null;
  decisionNotifiedAt: Date | null;
  /** Absent on introductions stored before the contact-release email (never sent for them). */
  releaseNotifiedAt?: Date | null;
};

type EventDoc = Omit<IntroductionEvent, 'at'> & { _id: string; at: Date };

export const introductionSchema = new Schema<IntroductionDoc>(
  {
    _id: String,
    requesterKey: { type: String, required: true },
    targetKey: { type: String, required: true },
    requesterClusterId: { type: String, required: true },
    targetClusterId: { type: String, required: true },
    requesterEconomy: { type: String, required: true },
    targetEconomy: { type: String, required: true },
    suggestionId: { type: String, required: true },
    message: { type: String, required: true, maxlength: 2000 },
    status: { type: String, required: true, enum: INTRODUCTION_STATUSES },
    requestedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    decidedAt: { type: Date, default: null },
    decidedBy: { type: String, default: null },
    response: { type: String, default: null, maxlength: 2000 },
    requestNotifiedAt: { type: Date, default: null },
    decisionNotifiedAt: { type: Date, default: null },
    releaseNotifiedAt: { type: Date, default: null },
  },
  { collection: 'introductions', versionKey: false },
);
introductionSchema.index({ requesterKey: 1, createdAt: 1 });
introductionSchema.index({ targetKey: 1, createdAt: 1 });
introductionSchema.index({ requesterClusterId: 1 });
introductionSchema.index({ targetClusterId: 1 });
introductionSchema.index({ status: 1, expiresAt: 1 });
introductionSchema.index({ requestNotifiedAt: 1 });
introductionSchema.index({ decisionNotifiedAt: 1, status: 1 });

export const introductionEventSchema = new Schema<EventDoc>(
  {
    _id: String,
    introductionId: { type: String, required: true },
    type: { type: String, required: true, enum: INTRODUCTION_EVENTS },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    detail: { type: String, default: null },
  },
  { collection: 'introduction_events', versionKey: false },
);
introductionEventSchema.index({ introductionId: 1, _id: 1 });

const date = (v: string | null) => (v ? new Date(v) : null);
const iso = (v: Date | null | undefined) => (v ? v.toISOString() : null);

export const introductionMapper = {
  toDoc: (i: Introduction): IntroductionDoc => {
    const {
      id,
      createdAt,
      expiresAt,
      decidedAt,
      requestNotifiedAt,
      decisionNotifiedAt,
      releaseNotifiedAt,
      ...rest
    } = i;
    return {
      _id: id,
      ...rest,
      createdAt: new Date(createdAt),
      expiresAt: new Date(expiresAt),
      decidedAt: date(decidedAt),
      requestNotifiedAt: date(requestNotifiedAt),
      decisionNotifiedAt: date(decisionNotifiedAt),
      releaseNotifiedAt: date(releaseNotifiedAt),
    };
  },
  fromDoc: (d: IntroductionDoc): Introduction => {
    const {
      _id,
      createdAt,
      expiresAt,
      decidedAt,
      requestNotifiedAt,
      decisionNotifiedAt,
      releaseNotifiedAt,
      ...rest
    } = d;
    return {
      id: _id,
      ...rest,
      decidedBy: rest.decidedBy ?? null,
      response: rest.response ?? null,
      createdAt: createdAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      decidedAt: iso(decidedAt),
      requestNotifiedAt: iso(requestNotifiedAt),
      decisionNotifiedAt: iso(decisionNotifiedAt),
      // Accepted before the contact-release email existed: counts as told (as the SQLite migration).
      releaseNotifiedAt:
        releaseNotifiedAt === undefined && rest.status === 'accepted'
          ? iso(decidedAt)
          : iso(releaseNotifiedAt),
    };
  },
};

const eventDoc = (e: IntroductionEvent): EventDoc => ({ _id: newId(), ...e, at: new Date(e.at) });
const fromEventDoc = ({ _id, at, ...rest }: EventDoc): IntroductionEvent => ({
  ...rest,
  detail: rest.detail ?? null,
  at: at.toISOString(),
});

export class MongoIntroductionsRepository extends IntroductionsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.introductions;
    void this.eventsModel;
  }

  private get introductions() {
    return this.store.model<IntroductionDoc>('Introduction', introductionSchema);
  }
  private get eventsModel() {
    return this.store.model<EventDoc>('IntroductionEvent', introductionEventSchema);
  }

  async create(i: Introduction, event: IntroductionEvent): Promise<void> {
    await this.store.transaction(async (session) => {
      await this.introductions.create([introductionMapper.toDoc(i)], { session });
      await this.insertEvent(event, session);
    });
  }

  async findById(id: string): Promise<Introduction | undefined> {
    const d = await this.introductions.findById(id).lean<IntroductionDoc>();
    return d ? introductionMapper.fromDoc(d) : undefined;
  }

  async latestBetween(a: string, b: string): Promise<Introduction | undefined> {
    const d = await this.introductions
      .findOne({
        $or: [
          { requesterKey: a, targetKey: b },
          { requesterKey: b, targetKey: a },
        ],
      })
      .sort({ createdAt: -1, _id: -1 })
      .lean<IntroductionDoc>();
    return d ? introductionMapper.fromDoc(d) : undefined;
  }

  async requestedSince(requesterKey: string, since: string): Promise<string[]> {
    const docs = await this.introductions
      .find({ requesterKey, createdAt: trusted({ $gt: new Date(since) }) }, { createdAt: 1 })
      .sort({ createdAt: 1 })
      .lean<{ createdAt: Date }[]>();
    return docs.map((d) => d.createdAt.toISOString());
  }

  /** The conditional update of `decide` (exposed for the offline adapter tests). */
  decideQuery(
    id: string,
    status: IntroductionDecision,
    event: IntroductionEvent,
    response: string | null,
  ) {
    const at = new Date(event.at);
    return this.introductions.findOneAndUpdate(
      {
        _id: id,
        status: 'pending',
        ...(status === 'expired' ? {} : { expiresAt: trusted({ $gt: at }) }),
      },
      {
        $set: {
          status,
          decidedAt: at,
          decidedBy: event.actor,
          response,
          // The contact-release email is due: an explicit null even on documents older than the
          // field, so that the sweep finds it.
          ...(status === 'accepted' ? { releaseNotifiedAt: null } : {}),
        },
      },
      { new: true },
    );
  }

  async decide(
    id: string,
    status: IntroductionDecision,
    event: IntroductionEvent,
    response: string | null,
  ): Promise<Introduction | undefined> {
    return this.store.transaction(async (session) => {
      const d = await this.decideQuery(id, status, event, response)
        .session(session)
        .lean<IntroductionDoc>();
      if (!d) return undefined;
      await this.insertEvent(event, session);
      return introductionMapper.fromDoc(d);
    });
  }

  async overdue(now: string, limit: number): Promise<Introduction[]> {
    const docs = await this.introductions
      .find({ status: 'pending', expiresAt: trusted({ $lte: new Date(now) }) })
      .sort({ expiresAt: 1, _id: 1 })
      .limit(limit)
      .lean<IntroductionDoc[]>();
    return docs.map(introductionMapper.fromDoc);
  }

  async unnotified(limit: number): Promise<Introduction[]> {
    const docs = await this.introductions
      .find({
        $or: [
          { requestNotifiedAt: null },
          { status: trusted({ $ne: 'pending' }), decisionNotifiedAt: null },
          // An explicit null: documents stored before this email existed lack the field.
          { status: 'accepted', releaseNotifiedAt: trusted({ $type: 'null' }) },
        ],
      })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<IntroductionDoc[]>();
    return docs.map(introductionMapper.fromDoc);
  }

  async markNotified(id: string, which: IntroductionNotification, at: string): Promise<boolean> {
    const field = NOTIFIED_FIELD[which];
    const r = await this.introductions.updateOne(
      { _id: id, [field]: null },
      { $set: { [field]: new Date(at) } },
    );
    return r.modifiedCount === 1;
  }

  /** The filter of `list` (exposed for the offline adapter tests). */
  listFilter(filter: IntroductionFilter, page: PageRequest): Record<string, unknown> {
    const and: Record<string, unknown>[] = [];
    if (filter.parties) {
      const sides =
        filter.direction === 'sent'
          ? ['requester']
          : filter.direction === 'received'
            ? ['target']
            : ['requester', 'target'];
      const { keys, clusterIds } = filter.parties;
      const any: Record<string, unknown>[] = [];
      for (const side of sides) {
        if (keys.length) any.push({ [`${side}Key`]: trusted({ $in: [...keys] }) });
        if (clusterIds.length)
          any.push({ [`${side}ClusterId`]: trusted({ $in: [...clusterIds] }) });
      }
      // No party at all: nothing matches.
      and.push(any.length ? { $or: any } : { _id: trusted({ $in: [] }) });
    }
    if (filter.status) and.push({ status: filter.status });
    if (page.after) and.push({ _id: trusted({ $gt: page.after }) });
    return and.length ? { $and: and } : {};
  }

  async list(filter: IntroductionFilter, page: PageRequest): Promise<Introduction[]> {
    const docs = await this.introductions
      .find(this.listFilter(filter, page))
      .sort({ _id: 1 })
      .limit(page.limit)
      .lean<IntroductionDoc[]>();
    return docs.map(introductionMapper.fromDoc);
  }

  async addEvent(event: IntroductionEvent): Promise<void> {
    await this.eventsModel.create([eventDoc(event)]);
  }

  async events(introductionId: string): Promise<IntroductionEvent[]> {
    const docs = await this.eventsModel
      .find({ introductionId })
      .sort({ _id: 1 })
      .lean<EventDoc[]>();
    return docs.map(fromEventDoc);
  }

  async counts(area?: string): Promise<IntroductionCount[]> {
    const rows = await this.introductions.aggregate<{
      _id: { requesterEconomy: string; targetEconomy: string; status: IntroductionCount['status'] };
      count: number;
    }>(introductionCountsPipeline(area));
    return rows.map((r) => ({ ...r._id, count: r.count }));
  }

  async followParty(partyKey: string, clusterId: string): Promise<number> {
    let changed = 0;
    for (const [key, cluster] of [
      ['requesterKey', 'requesterClusterId'],
      ['targetKey', 'targetClusterId'],
    ] as const) {
      const res = await this.introductions.updateMany(
        this.followFilter(key, cluster, partyKey, clusterId),
        { $set: { [cluster]: clusterId } },
        { session: this.store.session },
      );
      changed += res.modifiedCount;
    }
    return changed;
  }

  /** The filter of followParty for one side (exposed for tests that need no server). */
  followFilter(
    key: 'requesterKey' | 'targetKey',
    cluster: 'requesterClusterId' | 'targetClusterId',
    partyKey: string,
    clusterId: string,
  ): Record<string, unknown> {
    return { [key]: trusted(partyKey), [cluster]: trusted({ $ne: clusterId }) };
  }

  async deleteForParties(keys: readonly string[]): Promise<number> {
    if (!keys.length) return 0;
    return this.store.transaction(async (session) => {
      const filter = {
        $or: [
          { requesterKey: trusted({ $in: [...keys] }) },
          { targetKey: trusted({ $in: [...keys] }) },
        ],
      };
      const ids = (
        await this.introductions.find(filter, { _id: 1 }).session(session).lean<{ _id: string }[]>()
      ).map((d) => d._id);
      if (!ids.length) return 0;
      await this.eventsModel.deleteMany({ introductionId: trusted({ $in: ids }) }, { session });
      await this.introductions.deleteMany({ _id: trusted({ $in: ids }) }, { session });
      return ids.length;
    });
  }

  private async insertEvent(event: IntroductionEvent, session: ClientSession): Promise<void> {
    await this.eventsModel.create([eventDoc(event)], { session });
  }
}

/**
 * The aggregation behind counts (exported for its test without a server). With an area, only
 * introductions asked from a suggestion in that area that is still stored (suggestion ids are
 * stable: one per subject and partner).
 */
export function introductionCountsPipeline(area?: string): PipelineStage[] {
  return [
    ...(area
      ? [
          {
            $lookup: {
              from: 'suggestions',
              localField: 'suggestionId',
              foreignField: '_id',
              pipeline: [{ $match: { areas: area } }, { $project: { _id: 1 } }],
              as: 'fromSuggestion',
            },
          },
          { $match: { 'fromSuggestion.0': { $exists: true } } },
        ]
      : []),
    {
      $group: {
        _id: {
          requesterEconomy: '$requesterEconomy',
          targetEconomy: '$targetEconomy',
          status: '$status',
        },
        count: { $sum: 1 },
      },
    },
    { $sort: { '_id.requesterEconomy': 1, '_id.targetEconomy': 1, '_id.status': 1 } },
  ];
}
