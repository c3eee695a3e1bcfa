import { FailedJob, JobName, QueueName } from './jobs';

/** A job the inline driver has queued or is running. */
export interface PendingJob {
  id: string;
  queue: QueueName;
  name: JobName;
  payload: unknown;
  dedupId?: string;
  attempts: number;
}

/**
 * Port: the inline driver's queued and running jobs, kept durably from the moment they are queued
 * until they finish (or fail for good), so a crash or a restart loses none. Synchronous: the
 * embedded store answers at once, and a job is written before `enqueue` returns.
 */
export abstract class PendingJobs {
  /** Adds the jobs in one transaction. */
  abstract addMany(jobs: readonly PendingJob[]): void;
  abstract remove(id: string): void;
  abstract setAttempts(id: string, attempts: number): void;
  abstract load(): PendingJob[];
}

/** Port: the inline driver's failed jobs, kept until retried. */
export abstract class FailedJobs {
  abstract add(job: FailedJob): Promise<void>;
  abstract list(queue: QueueName | undefined, limit: number): Promise<FailedJob[]>;
  /** Removes and returns the failed job (to queue it again). */
  abstract take(id: string): Promise<FailedJob | undefined>;
  abstract count(queue: QueueName): Promise<number>;
}
