import { Schema, trusted } from 'mongoose';
import { MongoStore } from '../infra/mongo/mongo-store';
import { RecomputeRun, RecomputeRunsRepository } from './recompute-runs.repository';

interface RunDoc {
  _id: string;
  reason: string;
  total: number;
  startedAt: Date;
  finishedAt: Date | null;
}

interface RunSubjectDoc {
  _id: string;
  runId: string;
  subjectKey: string;
  doneAt: Date;
}

export const runSchema = new Schema<RunDoc>(
  {
    _id: String,
    reason: { type: String, required: true },
    total: { type: Number, required: true, min: 0 },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'recompute_runs', versionKey: false },
);
const runSubjectSchema = new Schema<RunSubjectDoc>(
  {
    _id: String,
    runId: { type: String, required: true, index: true },
    subjectKey: { type: String, required: true },
    doneAt: { type: Date, required: true },
  },
  { collection: 'recompute_run_subjects', versionKey: false },
);

export class MongoRecomputeRunsRepository extends RecomputeRunsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.runs;
    void this.done;
  }

  private get runs() {
    return this.store.model<RunDoc>('RecomputeRun', runSchema);
  }

  private get done() {
    return this.store.model<RunSubjectDoc>('RecomputeRunSubject', runSubjectSchema);
  }

  async start(run: {
    id: string;
    reason: string;
    total: number;
    startedAt: string;
  }): Promise<void> {
    await this.runs.updateOne(
      { _id: run.id },
      {
        $setOnInsert: {
          reason: run.reason,
          total: run.total,
          startedAt: new Date(run.startedAt),
          finishedAt: run.total === 0 ? new Date(run.startedAt) : null,
        },
      },
      { upsert: true },
    );
  }

  async markDone(runId: string, subjectKey: string, at: string): Promise<RecomputeRun | undefined> {
    if (!(await this.runs.exists({ _id: runId }))) return undefined;
    // The _id makes a second mark of the same subject a no-op.
    await this.done.updateOne(
      { _id: `${runId}|${subjectKey}` },
      { $setOnInsert: { runId, subjectKey, doneAt: new Date(at) } },
      { upsert: true },
    );
    const run = await this.find(runId);
    if (run && !run.finishedAt && run.done >= run.total) {
      await this.runs.updateOne(
        { _id: runId, finishedAt: null },
        { $set: { finishedAt: new Date(at) } },
      );
      return { ...run, finishedAt: at };
    }
    return run;
  }

  async find(id: string): Promise<RecomputeRun | undefined> {
    const doc = await this.runs.findById(id).lean<RunDoc>();
    return doc ? this.toRun(doc) : undefined;
  }

  async latest(): Promise<RecomputeRun | undefined> {
    const doc = await this.runs.findOne({}).sort({ startedAt: -1, _id: -1 }).lean<RunDoc>();
    return doc ? this.toRun(doc) : undefined;
  }

  async lastFinished(): Promise<RecomputeRun | undefined> {
    const doc = await this.runs
      .findOne({ finishedAt: trusted({ $ne: null }) })
      .sort({ finishedAt: -1 })
      .lean<RunDoc>();
    return doc ? this.toRun(doc) : undefined;
  }

  private async toRun(d: RunDoc): Promise<RecomputeRun> {
    const done = await this.done.countDocuments({ runId: d._id });
    return {
      id: d._id,
      reason: d.reason,
      total: d.total,
      done,
      startedAt: d.startedAt.toISOString(),
      finishedAt: d.finishedAt ? d.finishedAt.toISOString() : null,
    };
  }
}
