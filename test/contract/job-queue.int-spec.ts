import { Queue, Worker } from 'bullmq';
import { BullMqJobQueue } from '../../src/jobs/bullmq-job-queue';
import { redisConnection } from '../../src/infra/redis';
import { InlineJobQueue } from '../../src/jobs/inline-job-queue';
import { JobHandlers, JobName, JobQueue, QueueName } from '../../src/jobs/jobs';
import { SqliteFailedJobs } from '../../src/jobs/sqlite-failed-jobs';
import { SqlitePendingJobs } from '../../src/jobs/sqlite-pending-jobs';
import { openSqlite } from '../../src/infra/sqlite/sqlite-database';
import { waitFor } from '../support/processes';
import { TestRedis, startRedis } from '../support/redis';

/**
 * One contract for the job-queue port, run on the inline driver and on BullMQ against a real
 * redis-server (the workers are plain BullMQ workers handing jobs to the driver, as the
 * @nestjs/bullmq processors do in the service).
 */
const policy = {
  attempts: 3,
  backoffMs: 50,
  concurrency: { embed: 1, 'embed-batch': 1, index: 1, match: 2, digest: 2 },
};

interface QueueUnderTest {
  queue: JobQueue;
  close(): Promise<void>;
}

interface Target {
  name: string;
  /** A queue on a fresh backing store, and a way to open another on the same store (a restart). */
  make(): Promise<QueueUnderTest & { reopen(): Promise<QueueUnderTest> }>;
}

let redis: TestRedis;
const targets: Target[] = [
  {
    name: 'inline',
    make: () => {
      const db = openSqlite(':memory:');
      const open = () => {
        const queue = new InlineJobQueue(
          new SqliteFailedJobs(db),
          new SqlitePendingJobs(db),
          policy,
        );
        return { queue, close: () => queue.close() };
      };
      return Promise.resolve({ ...open(), reopen: () => Promise.resolve(open()) });
    },
  },
  {
    name: 'bullmq',
    make: () => {
      const prefix = `t${Math.random().toString(36).slice(2, 8)}`;
      const connection = redisConnection(redis.url);
      const open = () => {
        const queues = Object.fromEntries(
          Object.values(QueueName).map((q) => [q, new Queue(q, { connection, prefix })]),
        ) as Record<QueueName, Queue>;
        const queue = new BullMqJobQueue(queues, policy);
        // Workers start when the process registers its handlers, as the service's processors do.
        const workers: Worker[] = [];
        const register = queue.process.bind(queue);
        queue.process = async (handlers) => {
          await register(handlers);
          for (const q of Object.values(QueueName)) {
            const worker = new Worker(q, (job) => queue.run(job), {
              connection,
              prefix,
              concurrency: policy.concurrency[q],
              lockDuration: 5000,
              stalledInterval: 5000,
            });
            // Closing a worker whose blocking connection is still opening emits "Connection is
            // closed" (the service's processors log it, jobs.module); any other error still fails.
            worker.on('error', (error) => {
              if (!error.message.includes('Connection is closed')) throw error;
            });
            workers.push(worker);
          }
        };
        let closed: Promise<void> | undefined;
        return {
          queue,
          close: () =>
            (closed ??= (async () => {
              await Promise.all(workers.map((w) => w.close()));
              await queue.close();
            })()),
        };
      };
      return Promise.resolve({ ...open(), reopen: () => Promise.resolve(open()) });
    },
  },
];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

function recorder(
  fail: (name: JobName, payload: unknown, attempt: number) => boolean = () => false,
) {
  const calls: { name: JobName; payload: unknown }[] = [];
  const attempts = new Map<string, number>();
  const handler = (name: JobName) => async (payload: unknown) => {
    const key = JSON.stringify([name, payload]);
    const n = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, n);
    calls.push({ name, payload });
    await new Promise((r) => setTimeout(r, 20));
    if (fail(name, payload, n)) throw new Error(`boom ${n}`);
    return 'ok';
  };
  const handlers = Object.fromEntries(
    Object.values(JobName).map((n) => [n, handler(n)]),
  ) as unknown as JobHandlers;
  return { calls, handlers };
}

describe.each(targets.map((t) => [t.name, t] as const))(
  'JobQueue contract [%s]',
  (_name, target) => {
    let q: QueueUnderTest & { reopen(): Promise<QueueUnderTest> };
    beforeEach(async () => {
      q = await target.make();
    });
    afterEach(() => q.close());

    const idle = () =>
      waitFor(
        async () => {
          const counts = await q.queue.counts();
          return Object.values(counts).every((c) => c.waiting + c.active + c.delayed === 0)
            ? true
            : undefined;
        },
        20000,
        'the queues to drain',
      );

    it('runs queued jobs with their payloads on their queue', async () => {
      const { calls, handlers } = recorder();
      await q.queue.process(handlers);
      await q.queue.enqueue(JobName.MatchSubject, { subjectKey: 'cluster:a', minSeq: 3 });
      await q.queue.enqueueMany(JobName.DigestSend, [
        { payload: { recipientKey: 'cluster:a', period: 'W2026-48' } },
        { payload: { recipientKey: 'cluster:b', period: 'W2026-48' } },
      ]);
      await waitFor(() => (calls.length === 3 ? true : undefined), 20000, 'three jobs');
      expect(calls).toEqual(
        expect.arrayContaining([
          { name: JobName.MatchSubject, payload: { subjectKey: 'cluster:a', minSeq: 3 } },
          { name: JobName.DigestSend, payload: { recipientKey: 'cluster:b', period: 'W2026-48' } },
        ]),
      );
    });

    it('runAll resolves once every job has finished, when called from a job on another queue', async () => {
      const finished: string[] = [];
      const { handlers } = recorder();
      handlers[JobName.EmbedBatch] = async ({ refs }) => {
        await new Promise((r) => setTimeout(r, 30));
        finished.push(refs[0].id);
      };
      let waited: string[] | undefined;
      handlers[JobName.EmbedChanges] = async () => {
        await q.queue.runAll(JobName.EmbedBatch, [
          { refs: [{ entity: 'cluster', id: 'a' }] },
          { refs: [{ entity: 'item', id: 'b' }] },
          { refs: [{ entity: 'member', id: 'c' }] },
        ]);
        waited = [...finished];
      };
      await q.queue.process(handlers);
      await q.queue.enqueue(JobName.EmbedChanges, {});
      await waitFor(() => waited, 20000, 'runAll to resolve inside the job');
      expect(waited!.sort()).toEqual(['a', 'b', 'c']);
    });

    it('runAll rejects, naming the job, when one fails for good, and keeps it as failed', async () => {
      const { calls, handlers } = recorder(
        (name, payload) =>
          name === JobName.EmbedBatch &&
          (payload as { refs: { id: string }[] }).refs[0].id === 'bad',
      );
      await q.queue.process(handlers);
      await expect(
        q.queue.runAll(JobName.EmbedBatch, [
          { refs: [{ entity: 'item', id: 'good' }] },
          { refs: [{ entity: 'item', id: 'bad' }] },
        ]),
      ).rejects.toThrow(/embed\.batch job \S+ failed after 3 attempts: boom 3/);
      expect(calls.filter((c) => c.name === JobName.EmbedBatch)).toHaveLength(1 + policy.attempts);
      const failed = await q.queue.failed(QueueName.EmbedBatch, 10);
      expect(failed).toEqual([
        expect.objectContaining({
          name: JobName.EmbedBatch,
          payload: { refs: [{ entity: 'item', id: 'bad' }] },
        }),
      ]);
    });

    it('de-duplicates a job while one with the same dedup id is pending', async () => {
      const { calls, handlers } = recorder();
      for (let i = 0; i < 5; i++)
        await q.queue.enqueue(JobName.EmbedChanges, {}, { dedupId: 'embed-changes' });
      await q.queue.process(handlers);
      await idle();
      expect(calls.filter((c) => c.name === JobName.EmbedChanges)).toHaveLength(1);
    });

    it('adds a job with a given id once', async () => {
      const { calls, handlers } = recorder();
      await q.queue.process(handlers);
      for (let i = 0; i < 3; i++)
        await q.queue.enqueue(
          JobName.MatchSubject,
          { subjectKey: 'member:x', minSeq: 1, runId: 'r1' },
          { jobId: 'run-r1-member_x' },
        );
      await idle();
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toHaveLength(1);
    });

    it('retries a failing job with backoff, then keeps it as failed; a retry runs it again', async () => {
      let healthy = false;
      const { calls, handlers } = recorder((name) => name === JobName.DigestSend && !healthy);
      await q.queue.process(handlers);
      await q.queue.enqueue(JobName.DigestSend, {
        recipientKey: 'cluster:down',
        period: 'D2026-11-27',
      });
      const failed = await waitFor(
        async () => {
          const list = await q.queue.failed(QueueName.Digest, 10);
          return list.length ? list : undefined;
        },
        20000,
        'the job to fail for good',
      );
      expect(calls).toHaveLength(policy.attempts);
      expect(failed[0]).toMatchObject({
        queue: QueueName.Digest,
        name: JobName.DigestSend,
        payload: { recipientKey: 'cluster:down' },
        attempts: policy.attempts,
        error: expect.stringContaining('boom'),
      });
      expect((await q.queue.counts())[QueueName.Digest].failed).toBe(1);

      healthy = true;
      expect(await q.queue.retry(failed[0].id)).toBe(true);
      await waitFor(
        async () =>
          (await q.queue.failed(QueueName.Digest, 10)).length === 0 &&
          calls.length === policy.attempts + 1
            ? true
            : undefined,
        20000,
        'the retried job',
      );
      expect(await q.queue.retry(failed[0].id)).toBe(false);
    });

    it('counts a job as pending before this process has handlers, and runs it once it does', async () => {
      const { calls, handlers } = recorder();
      await q.queue.enqueue(JobName.MatchSubject, { subjectKey: 'cluster:w', minSeq: 1 });
      const match = (await q.queue.counts())[QueueName.Match];
      await q.queue.process(handlers);
      expect(match.waiting + match.active).toBe(1);
      await waitFor(() => (calls.length === 1 ? true : undefined), 20000, 'the waiting job');
    });

    it("reports a repeatable job's next run as scheduled, not as pending work", async () => {
      const { calls, handlers } = recorder();
      await q.queue.process(handlers);
      await q.queue.schedule([{ name: JobName.MatchAll, dailyAtUtc: '02:00' }]);
      await q.queue.enqueue(
        JobName.DigestSend,
        { recipientKey: 'r', period: 'p' },
        { delayMs: 60_000 },
      );
      const counts = await q.queue.counts();
      expect(counts[QueueName.Match]).toMatchObject({
        waiting: 0,
        active: 0,
        delayed: 0,
        scheduled: 1,
      });
      expect(counts[QueueName.Digest]).toMatchObject({ delayed: 1, scheduled: 0 });
      expect(calls).toHaveLength(0);
    });

    it('keeps queued jobs across a restart of the process and runs them then, once', async () => {
      await q.queue.enqueueMany(JobName.MatchSubject, [
        { payload: { subjectKey: 'cluster:r1', minSeq: 1 } },
        { payload: { subjectKey: 'cluster:r2', minSeq: 1 }, options: { jobId: 'run-x-r2' } },
      ]);
      await q.close();
      const restarted = await q.reopen();
      try {
        const { calls, handlers } = recorder();
        await restarted.queue.enqueue(
          JobName.MatchSubject,
          { subjectKey: 'cluster:r2', minSeq: 1 },
          { jobId: 'run-x-r2' },
        );
        await restarted.queue.process(handlers);
        await waitFor(() => (calls.length >= 2 ? true : undefined), 20000, 'the kept jobs');
        await new Promise((r) => setTimeout(r, 200));
        expect(
          calls
            .map((c) => c.payload)
            .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
        ).toEqual([
          { subjectKey: 'cluster:r1', minSeq: 1 },
          { subjectKey: 'cluster:r2', minSeq: 1 },
        ]);
      } finally {
        await restarted.close();
      }
    });
  },
);
