import { Db, json, settle, stmt } from '../infra/sqlite/sqlite-database';
import { FailedJobs } from './inline-job-store';
import { FailedJob, JobName, QueueName } from './jobs';

/** Failed jobs of the inline driver, kept in the embedded store until retried. */
export class SqliteFailedJobs extends FailedJobs {
  constructor(private readonly db: Db) {
    super();
  }

  add(job: FailedJob): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        'INSERT OR REPLACE INTO failed_jobs (id, queue, name, payload, attempts, error, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        job.id,
        job.queue,
        job.name,
        json.encode(job.payload),
        job.attempts,
        job.error,
        job.failedAt,
      );
    });
  }

  list(queue: QueueName | undefined, limit: number): Promise<FailedJob[]> {
    return settle(() => {
      const rows = (
        queue
          ? stmt(
              this.db,
              'SELECT * FROM failed_jobs WHERE queue = ? ORDER BY failed_at DESC LIMIT ?',
            ).all(queue, limit)
          : stmt(this.db, 'SELECT * FROM failed_jobs ORDER BY failed_at DESC LIMIT ?').all(limit)
      ) as {
        id: string;
        queue: QueueName;
        name: JobName;
        payload: string;
        attempts: number;
        error: string;
        failed_at: string;
      }[];
      return rows.map((r) => ({
        id: r.id,
        queue: r.queue,
        name: r.name,
        payload: JSON.parse(r.payload) as unknown,
        attempts: r.attempts,
        error: r.error,
        failedAt: r.failed_at,
      }));
    });
  }

  take(id: string): Promise<FailedJob | undefined> {
    return settle(() =>
      this.db.transaction(() => {
        const [found] = (
          stmt(this.db, 'SELECT * FROM failed_jobs WHERE id = ?').all(id) as {
            id: string;
            queue: QueueName;
            name: JobName;
            payload: string;
            attempts: number;
            error: string;
            failed_at: string;
          }[]
        ).map((r) => ({
          id: r.id,
          queue: r.queue,
          name: r.name,
          payload: JSON.parse(r.payload) as unknown,
          attempts: r.attempts,
          error: r.error,
          failedAt: r.failed_at,
        }));
        if (found) stmt(this.db, 'DELETE FROM failed_jobs WHERE id = ?').run(id);
        return found;
      })(),
    );
  }

  count(queue: QueueName): Promise<number> {
    return settle(
      () =>
        (
          stmt(this.db, 'SELECT count(*) AS n FROM failed_jobs WHERE queue = ?').get(queue) as {
            n: number;
          }
        ).n,
    );
  }
}
