import { Db, json, stmt } from '../infra/sqlite/sqlite-database';
import { PendingJob, PendingJobs } from './inline-job-store';
import { JobName, QueueName } from './jobs';

interface Row {
  id: string;
  queue: QueueName;
  name: JobName;
  payload: string;
  dedup_id: string | null;
  attempts: number;
}

/**
 * The inline driver's queued and running jobs, kept in the embedded store from the moment they are
 * queued until they finish (or fail for good), so a crash or a restart loses none.
 */
export class SqlitePendingJobs extends PendingJobs {
  constructor(private readonly db: Db) {
    super();
  }

  /** Adds the jobs in one transaction. */
  addMany(jobs: readonly PendingJob[]): void {
    const insert = stmt(
      this.db,
      'INSERT OR IGNORE INTO pending_jobs (id, queue, name, payload, dedup_id, attempts) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const j of jobs)
        insert.run(j.id, j.queue, j.name, json.encode(j.payload), j.dedupId ?? null, j.attempts);
    })();
  }

  remove(id: string): void {
    stmt(this.db, 'DELETE FROM pending_jobs WHERE id = ?').run(id);
  }

  setAttempts(id: string, attempts: number): void {
    stmt(this.db, 'UPDATE pending_jobs SET attempts = ? WHERE id = ?').run(attempts, id);
  }

  /** Every pending job, in queueing order (read once, when the driver starts). */
  load(): PendingJob[] {
    return (stmt(this.db, 'SELECT * FROM pending_jobs ORDER BY seq').all() as Row[]).map((r) => ({
      id: r.id,
      queue: r.queue,
      name: r.name,
      payload: JSON.parse(r.payload) as unknown,
      ...(r.dedup_id ? { dedupId: r.dedup_id } : {}),
      attempts: r.attempts,
    }));
  }
}
