import { Logger } from '@nestjs/common';
import { newId } from '../common/ids';
import {
  EnqueueOptions,
  FailedJob,
  JobHandlers,
  JobName,
  JobPayloads,
  JobQueue,
  QUEUE_OF,
  QueueCounts,
  QueueName,
} from './jobs';
import { FailedJobs, PendingJobs } from './inline-job-store';

export interface JobPolicy {
  attempts: number;
  backoffMs: number;
  concurrency: Record<QueueName, number>;
}

interface InlineJob {
  id: string;
  name: JobName;
  payload: unknown;
  attempts: number;
  dedupId?: string;
  state: 'waiting' | 'active' | 'delayed';
}

/**
 * The job queue in this process (the embedded default, unit tests): the same processors, the same
 * semantics as BullMQ — de-duplication while a job is pending, bounded retries with exponential
 * backoff, failed jobs kept and retryable, per-queue concurrency. Queued jobs are written to the
 * embedded store when queued and removed when done, so a crash or a restart loses none: they are
 * taken up again, as waiting, when the driver starts (a job that was running runs again, as BullMQ
 * does with a stalled job).
 */
export class InlineJobQueue extends JobQueue {
  readonly driver = 'inline' as const;
  private readonly logger = new Logger('InlineJobQueue');
  private readonly jobs = new Map<QueueName, InlineJob[]>(
    Object.values(QueueName).map((q) => [q, []]),
  );
  private readonly active = new Map<QueueName, number>(Object.values(QueueName).map((q) => [q, 0]));
  private readonly seenJobIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Repeatable jobs registered per queue (reported as `scheduled`). */
  private readonly scheduled = new Map<QueueName, number>();
  private handlers?: JobHandlers;
  private closing = false;
  private idleWaiters: (() => void)[] = [];
  /** Callers of runAll waiting for a job: settled when it completes or fails for good. */
  private readonly jobWaiters = new Map<
    string,
    { resolve: () => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly failedJobs: FailedJobs,
    private readonly pendingJobs: PendingJobs,
    private readonly policy: JobPolicy,
  ) {
    super();
    const restored = pendingJobs.load();
    for (const p of restored) {
      this.jobs.get(p.queue)!.push({ ...p, state: 'waiting' });
      this.seenJobIds.add(p.id);
    }
    if (restored.length)
      this.logger.log({ jobs: restored.length }, 'jobs queued before the last stop taken up again');
  }

  enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    return this.enqueueMany(name, [{ payload, options }]);
  }

  enqueueMany<N extends JobName>(
    name: N,
    jobs: { payload: JobPayloads[N]; options?: EnqueueOptions }[],
  ): Promise<void> {
    if (this.closing) return Promise.resolve();
    const queue = QUEUE_OF[name];
    const list = this.jobs.get(queue)!;
    const added: { job: InlineJob; delayMs?: number }[] = [];
    for (const { payload, options = {} } of jobs) {
      if (
        options.dedupId &&
        (list.some((j) => j.dedupId === options.dedupId) ||
          added.some((a) => a.job.dedupId === options.dedupId))
      )
        continue;
      if (options.jobId) {
        if (this.seenJobIds.has(options.jobId)) continue;
        this.seenJobIds.add(options.jobId);
      }
      added.push({
        job: {
          id: options.jobId ?? newId(),
          name,
          payload,
          attempts: 0,
          dedupId: options.dedupId,
          state: 'waiting',
        },
        delayMs: options.delayMs,
      });
    }
    if (!added.length) return Promise.resolve();
    try {
      this.pendingJobs.addMany(added.map(({ job }) => ({ ...job, queue })));
    } catch (error) {
      for (const { job } of added) this.seenJobIds.delete(job.id);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    for (const { job, delayMs } of added) {
      list.push(job);
      if (delayMs) this.delay(queue, job, delayMs);
    }
    this.pump(queue);
    return Promise.resolve();
  }

  async runAll<N extends JobName>(name: N, payloads: JobPayloads[N][]): Promise<void> {
    if (this.closing) throw new Error('the job queue is closing');
    const ids = payloads.map(() => newId());
    const done = ids.map(
      (id) => new Promise<void>((resolve, reject) => this.jobWaiters.set(id, { resolve, reject })),
    );
    try {
      await this.enqueueMany(
        name,
        payloads.map((payload, i) => ({ payload, options: { jobId: ids[i] } })),
      );
    } catch (error) {
      for (const id of ids) this.jobWaiters.delete(id);
      throw error;
    }
    await Promise.all(done);
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    const out = {} as Record<QueueName, QueueCounts>;
    for (const q of Object.values(QueueName)) {
      const list = this.jobs.get(q)!;
      out[q] = {
        waiting: list.filter((j) => j.state === 'waiting').length,
        active: list.filter((j) => j.state === 'active').length,
        delayed: list.filter((j) => j.state === 'delayed').length,
        scheduled: this.scheduled.get(q) ?? 0,
        failed: await this.failedJobs.count(q),
      };
    }
    return out;
  }

  failed(queue: QueueName | undefined, limit: number): Promise<FailedJob[]> {
    return this.failedJobs.list(queue, limit);
  }

  async retry(id: string): Promise<boolean> {
    const job = await this.failedJobs.take(id);
    if (!job) return false;
    this.seenJobIds.delete(id.slice(id.indexOf(':') + 1));
    await this.enqueue(job.name, job.payload as never);
    return true;
  }

  process(handlers: JobHandlers): Promise<void> {
    this.handlers = handlers;
    for (const q of Object.values(QueueName)) this.pump(q);
    return Promise.resolve();
  }

  schedule(repeatables: { name: JobName; everyMs?: number; dailyAtUtc?: string }[]): Promise<void> {
    for (const r of repeatables) {
      this.scheduled.set(QUEUE_OF[r.name], (this.scheduled.get(QUEUE_OF[r.name]) ?? 0) + 1);
      if (r.everyMs) {
        const t = setInterval(
          () => void this.enqueue(r.name, {}, { dedupId: `repeat:${r.name}` }),
          r.everyMs,
        );
        t.unref();
        this.timers.add(t);
      } else if (r.dailyAtUtc) {
        const arm = () => {
          const t = setTimeout(
            () => {
              this.timers.delete(t);
              void this.enqueue(
                r.name,
                { reason: 'nightly' },
                {
                  dedupId: `repeat:${r.name}`,
                },
              );
              arm();
            },
            msUntilDaily(r.dailyAtUtc!, new Date()),
          );
          t.unref();
          this.timers.add(t);
        };
        arm();
      }
    }
    return Promise.resolve();
  }

  /** Resolves when no job is waiting, delayed or running (tests and tools). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const id of [...this.jobWaiters.keys()])
      this.settle(id, new Error('the job queue closed before the job finished'));
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const deadline = Date.now() + 10000;
    while ([...this.active.values()].some((n) => n > 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
  }

  private pump(queue: QueueName): void {
    if (!this.handlers || this.closing) return;
    const list = this.jobs.get(queue)!;
    while ((this.active.get(queue) ?? 0) < this.policy.concurrency[queue]) {
      const job = list.find((j) => j.state === 'waiting');
      if (!job) break;
      job.state = 'active';
      this.active.set(queue, this.active.get(queue)! + 1);
      // Each job starts on a turn of its own: requests are answered between jobs, however many
      // are queued (a chain of awaited handlers alone would never give the loop a turn).
      setImmediate(() => void this.run(queue, job));
    }
    this.notifyIdle();
  }

  private async run(queue: QueueName, job: InlineJob): Promise<void> {
    const list = this.jobs.get(queue)!;
    if (this.closing) {
      // Shut down before it started: it stays pending (in the store) for the next start.
      job.state = 'waiting';
      this.active.set(queue, this.active.get(queue)! - 1);
      return;
    }
    try {
      await (this.handlers![job.name] as (p: unknown) => Promise<unknown>)(job.payload);
      list.splice(list.indexOf(job), 1);
      this.pendingJobs.remove(job.id);
      // A job id holds off duplicates while the job is queued or running, not forever (the set
      // would grow with every catch-up and recompute).
      this.seenJobIds.delete(job.id);
      this.settle(job.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.closing) {
        // Interrupted by the shutdown (a planner whose batches will run after the restart): stays
        // pending in the store for the next start, without an attempt counted against it.
        list.splice(list.indexOf(job), 1);
        return;
      }
      job.attempts += 1;
      this.pendingJobs.setAttempts(job.id, job.attempts);
      if (job.attempts < this.policy.attempts) {
        this.logger.warn(
          { job: job.name, attempt: job.attempts, err: message },
          'job failed; retrying with backoff',
        );
        this.delay(queue, job, this.policy.backoffMs * 2 ** (job.attempts - 1));
      } else {
        list.splice(list.indexOf(job), 1);
        this.logger.error(
          { job: job.name, attempts: job.attempts, err: message },
          'job failed for good; kept for inspection',
        );
        await this.failedJobs.add({
          id: `${queue}:${job.id}`,
          queue,
          name: job.name,
          payload: job.payload,
          attempts: job.attempts,
          error: message,
          failedAt: new Date().toISOString(),
        });
        this.pendingJobs.remove(job.id);
        this.settle(
          job.id,
          new Error(`${job.name} job ${job.id} failed after ${job.attempts} attempts: ${message}`),
        );
      }
    } finally {
      this.active.set(queue, this.active.get(queue)! - 1);
      this.pump(queue);
    }
  }

  private settle(id: string, error?: Error): void {
    const waiter = this.jobWaiters.get(id);
    if (!waiter) return;
    this.jobWaiters.delete(id);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  private delay(queue: QueueName, job: InlineJob, ms: number): void {
    job.state = 'delayed';
    const t = setTimeout(() => {
      this.timers.delete(t);
      job.state = 'waiting';
      this.pump(queue);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private isIdle(): boolean {
    return [...this.jobs.values()].every((l) => l.length === 0);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** Milliseconds until the next HH:MM UTC. */
export function msUntilDaily(hhmm: string, now: Date): number {
  const [h, m] = hhmm.split(':').map(Number);
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}
