import { trusted } from 'mongoose';
import { MongoStore } from '../infra/mongo/mongo-store';
import { BatchProgress, ImportRun, LineRejection } from './import-run';
import {
  ImportRejectionDoc,
  ImportRunDoc,
  importRejectionSchema,
  importRunSchema,
} from './import-run.schema';
import { ImportRunsRepository } from './import-runs.repository';

const toRun = (d: ImportRunDoc): ImportRun => ({
  id: d._id,
  source: d.source,
  status: d.status,
  startedAt: d.startedAt.toISOString(),
  finishedAt: d.finishedAt ? d.finishedAt.toISOString() : null,
  updatedAt: d.updatedAt.toISOString(),
  lines: d.lines,
  committedThroughLine: d.committedThroughLine,
  created: d.created,
  updated: d.updated,
  unchanged: d.unchanged,
  rejected: d.rejected,
  error: d.error ?? null,
});

export class MongoImportRunsRepository extends ImportRunsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.runs;
    void this.rejected;
  }

  private get runs() {
    return this.store.model<ImportRunDoc>('ImportRun', importRunSchema);
  }

  private get rejected() {
    return this.store.model<ImportRejectionDoc>('ImportRejection', importRejectionSchema);
  }

  async start(run: ImportRun): Promise<void> {
    await this.runs.create(
      [
        {
          _id: run.id,
          source: run.source,
          status: run.status,
          startedAt: new Date(run.startedAt),
          updatedAt: new Date(run.updatedAt),
        },
      ],
      { session: this.store.session },
    );
  }

  /** The update of one committed batch (exposed for tests that need no server). */
  batchUpdate(p: BatchProgress) {
    return {
      $set: {
        lines: p.lines,
        committedThroughLine: p.committedThroughLine,
        updatedAt: new Date(p.at),
      },
      $inc: {
        created: p.created,
        updated: p.updated,
        unchanged: p.unchanged,
        rejected: p.rejections.length,
      },
    };
  }

  async recordBatch(id: string, p: BatchProgress): Promise<void> {
    await this.runs.updateOne({ _id: id }, this.batchUpdate(p), { session: this.store.session });
    if (p.rejections.length) {
      await this.rejected.bulkWrite(
        p.rejections.map((r) => ({
          replaceOne: {
            filter: { _id: `${id}:${r.line}` },
            replacement: {
              _id: `${id}:${r.line}`,
              importId: id,
              line: r.line,
              problems: r.problems,
            },
            upsert: true,
          },
        })),
        { session: this.store.session },
      );
    }
  }

  async finish(
    id: string,
    status: 'completed' | 'failed',
    at: string,
    error?: string,
  ): Promise<void> {
    await this.runs.updateOne(
      { _id: id },
      { $set: { status, finishedAt: new Date(at), updatedAt: new Date(at), error: error ?? null } },
      { session: this.store.session },
    );
  }

  async findById(id: string): Promise<ImportRun | undefined> {
    const doc = await this.runs
      .findById(id, null, { session: this.store.session })
      .lean<ImportRunDoc>();
    return doc ? toRun(doc) : undefined;
  }

  async rejections(id: string, afterLine: number, limit: number): Promise<LineRejection[]> {
    const docs = await this.rejected
      .find({ importId: id, line: trusted({ $gt: afterLine }) }, null, {
        session: this.store.session,
      })
      .sort({ line: 1 })
      .limit(limit)
      .lean<ImportRejectionDoc[]>();
    return docs.map((d) => ({
      line: d.line,
      problems: d.problems.map((p) => ({ field: p.field, reason: p.reason })),
    }));
  }
}
