import { Logger } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
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
import { redisErrorLogger } from '../infra/redis';
import { JobPolicy } from './inline-job-queue';

const ENQUEUE_TIMEOUT_MS = 5000;
/** How often runAll looks at the states of the jobs it waits for. */
const WAIT_POLL_MS = 200;

/**
 * The job queue on BullMQ (Redis): queues registered through @nestjs/bullmq, workers (where this
 * process runs processors) as @Processor classes that hand each job to `run`. Failed jobs stay in
 * Redis (removeOnFail: false) and can be listed and retried; a worker that dies mid-job loses its
 * lock after JOBS_LOCK_MS and another worker (or it, restarted) takes the job again.
 */
export class BullMqJobQueue extends JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly logger = new Logger('BullMqJobQueue');
  private handlers?: JobHandlers;
  private ready!: () => void;
  private readonly handlersSet = new Promise<void>((resolve) => (this.ready = resolve));
  private closing = false;

  constructor(
    private readonly queues: Record<QueueName, Queue>,
    private readonly policy: JobPolicy,
  ) {
    super();
    const warn = redisErrorLogger(this.logger);
    for (const queue of Object.values(queues)) queue.on('error', warn);
  }

  private jobOptions(options: EnqueueOptions = {}): JobsOptions {
    return {
      attempts: this.policy.attempts,
      backoff: { type: 'exponential', delay: this.policy.backoffMs },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: false,
      ...(options.jobId ? { jobId: options.jobId } : {}),
      ...(options.dedupId ? { deduplication: { id: options.dedupId } } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    };
  }

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options?: EnqueueOptions,
  ): Promise<void> {
    await withTimeout(
      this.queues[QUEUE_OF[name]].add(name, payload, this.jobOptions(options)),
      `queueing ${name}`,
    );
  }

  async enqueueMany<N extends JobName>(
    name: N,
    jobs: { payload: JobPayloads[N]; options?: EnqueueOptions }[],
  ): Promise<void> {
    const queue = this.queues[QUEUE_OF[name]];
    for (let i = 0; i < jobs.length; i += 500) {
      await withTimeout(
        queue.addBulk(
          jobs
            .slice(i, i + 500)
            .map((j) => ({ name, data: j.payload, opts: this.jobOptions(j.options) })),
        ),
        `queueing ${name}`,
      );
    }
  }

  /** Waits by polling the jobs' states: no extra Redis connection, and any worker may run them. */
  async runAll<N extends JobName>(name: N, payloads: JobPayloads[N][]): Promise<void> {
    const queue = this.queues[QUEUE_OF[name]];
    const added = await withTimeout(
      queue.addBulk(payloads.map((data) => ({ name, data, opts: this.jobOptions() }))),
      `queueing ${name}`,
    );
    let pending = added.map((job) => job.id!);
    while (pending.length) {
      if (this.closing) throw new Error('the job queue is closing');
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      const states = await withTimeout(
        Promise.all(pending.map((id) => queue.getJobState(id))),
        `reading ${name} jobs`,
      );
      const failed = pending.find((_, i) => states[i] === 'failed');
      if (failed) {
        const job = await queue.getJob(failed);
        throw new Error(
          `${name} job ${failed} failed after ${job?.attemptsMade ?? '?'} attempts: ${job?.failedReason ?? ''}`,
        );
      }
      // 'unknown': completed and already removed (removeOnComplete); failed jobs are kept.
      pending = pending.filter((_, i) => states[i] !== 'completed' && states[i] !== 'unknown');
    }
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    const out = {} as Record<QueueName, QueueCounts>;
    for (const q of Object.values(QueueName)) {
      const c = await withTimeout(
        this.queues[q].getJobCounts(
          'waiting',
          'active',
          'delayed',
          'failed',
          'prioritized',
          'waiting-children',
        ),
        'reading queue counts',
      );
      const scheduled = await withTimeout(this.scheduledJobs(q), 'reading job schedulers');
      out[q] = {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0),
        active: c.active ?? 0,
        delayed: Math.max(0, (c.delayed ?? 0) - scheduled),
        scheduled,
        failed: c.failed ?? 0,
      };
    }
    return out;
  }

  /**
   * How many of the queue's delayed jobs are a job scheduler's next run (the nightly recompute,
   * the digest tick): those are always there and are not work in progress. BullMQ names a
   * scheduler's job `repeat:<scheduler id>:<next run millis>`.
   */
  private async scheduledJobs(q: QueueName): Promise<number> {
    let n = 0;
    for (const s of await this.queues[q].getJobSchedulers()) {
      if (s.next === undefined) continue;
      const state = await this.queues[q].getJobState(`repeat:${s.key}:${s.next}`);
      if (state === 'delayed') n++;
    }
    return n;
  }

  async failed(queue: QueueName | undefined, limit: number): Promise<FailedJob[]> {
    const out: FailedJob[] = [];
    for (const q of queue ? [queue] : Object.values(QueueName)) {
      for (const job of await this.queues[q].getFailed(0, limit - 1)) {
        if (!job) continue;
        out.push({
          id: `${q}:${job.id}`,
          queue: q,
          name: job.name as JobName,
          payload: job.data,
          attempts: job.attemptsMade,
          error: job.failedReason ?? '',
          failedAt: new Date(job.finishedOn ?? job.processedOn ?? job.timestamp).toISOString(),
        });
      }
    }
    return out.sort((a, b) => (a.failedAt < b.failedAt ? 1 : -1)).slice(0, limit);
  }

  async retry(id: string): Promise<boolean> {
    const at = id.indexOf(':');
    const queue = this.queues[id.slice(0, at) as QueueName];
    const job = queue && (await queue.getJob(id.slice(at + 1)));
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed');
    return true;
  }

  process(handlers: JobHandlers): Promise<void> {
    this.handlers = handlers;
    this.ready();
    return Promise.resolve();
  }

  /** Called by the processors: waits until this process has registered its handlers. */
  async run(job: Job): Promise<unknown> {
    await this.handlersSet;
    const handler = this.handlers![job.name as JobName] as
      ((p: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler(job.data);
  }

  async schedule(
    repeatables: { name: JobName; everyMs?: number; dailyAtUtc?: string }[],
  ): Promise<void> {
    for (const r of repeatables) {
      const [h, m] = (r.dailyAtUtc ?? '').split(':');
      const repeat = r.everyMs
        ? { every: r.everyMs }
        : { pattern: `${Number(m)} ${Number(h)} * * *`, tz: 'UTC' };
      const data = r.name === JobName.MatchAll ? { reason: 'nightly' } : {};
      await this.queues[QUEUE_OF[r.name]].upsertJobScheduler(
        `repeat-${r.name.replace('.', '-')}`,
        repeat,
        { name: r.name, data, opts: this.jobOptions() },
      );
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.logger.log('closing queues');
    await Promise.all(Object.values(this.queues).map((q) => q.close().catch(() => undefined)));
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>(
      (_, reject) =>
        (timer = setTimeout(
          () => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms (${what})`)),
          ENQUEUE_TIMEOUT_MS,
        )),
    ),
  ]).finally(() => clearTimeout(timer));
}
