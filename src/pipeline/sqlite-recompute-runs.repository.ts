import { Db, settle, stmt } from '../infra/sqlite/sqlite-database';
import { RecomputeRun, RecomputeRunsRepository } from './recompute-runs.repository';

interface RunRow {
  id: string;
  reason: string;
  total: number;
  done: number;
  started_at: string;
  finished_at: string | null;
}

const SELECT = `SELECT r.*, (SELECT count(*) FROM recompute_run_subjects s WHERE s.run_id = r.id) AS done FROM recompute_runs r`;
const toRun = (r: RunRow): RecomputeRun => ({
  id: r.id,
  reason: r.reason,
  total: r.total,
  done: r.done,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export class SqliteRecomputeRunsRepository extends RecomputeRunsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  start(run: { id: string; reason: string; total: number; startedAt: string }): Promise<void> {
    return settle(() => {
      // A run with nothing to do is finished as it starts.
      stmt(
        this.db,
        'INSERT OR IGNORE INTO recompute_runs (id, reason, total, started_at, finished_at) VALUES (?, ?, ?, ?, ?)',
      ).run(run.id, run.reason, run.total, run.startedAt, run.total === 0 ? run.startedAt : null);
    });
  }

  markDone(runId: string, subjectKey: string, at: string): Promise<RecomputeRun | undefined> {
    return settle(() =>
      this.db.transaction(() => {
        if (!stmt(this.db, 'SELECT 1 FROM recompute_runs WHERE id = ?').get(runId))
          return undefined;
        stmt(
          this.db,
          'INSERT OR IGNORE INTO recompute_run_subjects (run_id, subject_key, done_at) VALUES (?, ?, ?)',
        ).run(runId, subjectKey, at);
        const run = stmt(this.db, `${SELECT} WHERE r.id = ?`).get(runId) as RunRow | undefined;
        if (run && !run.finished_at && run.done >= run.total) {
          stmt(this.db, 'UPDATE recompute_runs SET finished_at = ? WHERE id = ?').run(at, runId);
          run.finished_at = at;
        }
        return run && toRun(run);
      })(),
    );
  }

  find(id: string): Promise<RecomputeRun | undefined> {
    return settle(() => {
      const r = stmt(this.db, `${SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
      return r && toRun(r);
    });
  }

  latest(): Promise<RecomputeRun | undefined> {
    return settle(() => {
      const r = stmt(this.db, `${SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT 1`).get() as
        RunRow | undefined;
      return r && toRun(r);
    });
  }

  lastFinished(): Promise<RecomputeRun | undefined> {
    return settle(() => {
      const r = stmt(
        this.db,
        `${SELECT} WHERE r.finished_at IS NOT NULL ORDER BY r.finished_at DESC LIMIT 1`,
      ).get() as RunRow | undefined;
      return r && toRun(r);
    });
  }
}
