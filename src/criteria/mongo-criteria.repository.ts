import { Schema } from 'mongoose';
import { MongoStore } from '../infra/mongo/mongo-store';
import { CriteriaContent, MatchCriteria } from '../matching/criteria';
import { CriteriaAuditEntry, CriteriaRepository } from './criteria.repository';

/** MongoDB documents of criteria versions (`_id` is the version) and of their audit trail. */
interface CriteriaDoc {
  _id: number;
  status: MatchCriteria['status'];
  weights: Record<string, number>;
  rules: Record<string, unknown>;
  note: string;
  createdAt: Date;
  createdBy: string;
  activatedAt: Date | null;
  activatedBy: string | null;
}

interface AuditDoc {
  version: number;
  action: CriteriaAuditEntry['action'];
  actor: string;
  at: Date;
  previousVersion: number | null;
}

export const criteriaSchema = new Schema<CriteriaDoc>(
  {
    _id: { type: Number, required: true, min: 1 },
    status: { type: String, required: true, enum: ['draft', 'active', 'retired'] },
    weights: { type: Schema.Types.Mixed, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    note: { type: String, default: '' },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    activatedAt: { type: Date, default: null },
    activatedBy: { type: String, default: null },
  },
  { collection: 'match_criteria', versionKey: false },
);
// Exactly one active version: a unique index over active documents only.
criteriaSchema.index(
  { status: 1 },
  { unique: true, partialFilterExpression: { status: 'active' } },
);

const auditSchema = new Schema<AuditDoc>(
  {
    version: { type: Number, required: true },
    action: { type: String, required: true, enum: ['created', 'activated'] },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    previousVersion: { type: Number, default: null },
  },
  { collection: 'criteria_audit', versionKey: false },
);

const toCriteria = (d: CriteriaDoc): MatchCriteria => ({
  version: d._id,
  status: d.status,
  weights: d.weights,
  rules: d.rules as unknown as MatchCriteria['rules'],
  note: d.note,
  createdAt: d.createdAt.toISOString(),
  createdBy: d.createdBy,
  activatedAt: d.activatedAt ? d.activatedAt.toISOString() : null,
  activatedBy: d.activatedBy ?? null,
});

export class MongoCriteriaRepository extends CriteriaRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.criteria;
    void this.audits;
  }

  private get criteria() {
    return this.store.model<CriteriaDoc>('MatchCriteria', criteriaSchema);
  }

  private get audits() {
    return this.store.model<AuditDoc>('CriteriaAudit', auditSchema);
  }

  async list(): Promise<MatchCriteria[]> {
    return (await this.criteria.find({}).sort({ _id: 1 }).lean<CriteriaDoc[]>()).map(toCriteria);
  }

  async findByVersion(version: number): Promise<MatchCriteria | undefined> {
    const d = await this.criteria.findById(version).lean<CriteriaDoc>();
    return d ? toCriteria(d) : undefined;
  }

  async findActive(): Promise<MatchCriteria | undefined> {
    const d = await this.criteria.findOne({ status: 'active' }).lean<CriteriaDoc>();
    return d ? toCriteria(d) : undefined;
  }

  createDraft(content: CriteriaContent, actor: string, at: string): Promise<MatchCriteria> {
    return this.store.transaction(async (session) => {
      const last = await this.criteria
        .findOne({}, { _id: 1 }, { session })
        .sort({ _id: -1 })
        .lean<{ _id: number }>();
      const doc: CriteriaDoc = {
        _id: (last?._id ?? 0) + 1,
        status: 'draft',
        weights: content.weights,
        rules: content.rules as unknown as Record<string, unknown>,
        note: content.note,
        createdAt: new Date(at),
        createdBy: actor,
        activatedAt: null,
        activatedBy: null,
      };
      await this.criteria.create([doc], { session });
      await this.audits.create(
        [{ version: doc._id, action: 'created', actor, at: new Date(at), previousVersion: null }],
        { session },
      );
      return toCriteria(doc);
    });
  }

  activate(version: number, actor: string, at: string): Promise<{ previous: number | null }> {
    return this.store.transaction(async (session) => {
      const previous =
        (
          await this.criteria
            .findOne({ status: 'active' }, { _id: 1 }, { session })
            .lean<{ _id: number }>()
        )?._id ?? null;
      if (previous === version) return { previous };
      await this.criteria.updateMany(
        { status: 'active' },
        { $set: { status: 'retired' } },
        { session },
      );
      await this.criteria.updateOne(
        { _id: version },
        { $set: { status: 'active', activatedAt: new Date(at), activatedBy: actor } },
        { session },
      );
      await this.audits.create(
        [{ version, action: 'activated', actor, at: new Date(at), previousVersion: previous }],
        { session },
      );
      return { previous };
    });
  }

  async audit(limit: number): Promise<CriteriaAuditEntry[]> {
    const docs = await this.audits.find({}).sort({ _id: -1 }).limit(limit).lean<AuditDoc[]>();
    return docs.map((d) => ({
      version: d.version,
      action: d.action,
      actor: d.actor,
      at: d.at.toISOString(),
      previousVersion: d.previousVersion ?? null,
    }));
  }
}
