/** The queues, and which jobs go to which: one routing table for both drivers. */
export enum QueueName {
  Embed = 'embed',
  EmbedBatch = 'embed-batch',
  Index = 'index',
  Match = 'match',
  Digest = 'digest',
}

export enum JobName {
  /** Embed what changed since the embedder's cursor: plans batches, waits for them, moves the cursor. */
  EmbedChanges = 'embed.changes',
  /** Embed one batch of records (any worker takes it). */
  EmbedBatch = 'embed.batch',
  /** Bring this process's index up to date and queue the subjects the changes affect. */
  IndexCatchUp = 'index.catch-up',
  /** Recompute one subject's suggestions. */
  MatchSubject = 'match.subject',
  /** Recompute every subject (the nightly run). */
  MatchAll = 'match.all',
  /** Queue the digests that are due. */
  DigestTick = 'digest.tick',
  /** Compose and send one recipient's digest for one period. */
  DigestSend = 'digest.send',
  /** Email one side about an introduction's request or decision. */
  IntroductionNotify = 'introduction.notify',
  /** Expire overdue introductions; queue emails that have not gone out. */
  IntroductionsSweep = 'introduction.sweep',
}

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.EmbedChanges]: QueueName.Embed,
  [JobName.EmbedBatch]: QueueName.EmbedBatch,
  [JobName.IndexCatchUp]: QueueName.Index,
  [JobName.MatchSubject]: QueueName.Match,
  [JobName.MatchAll]: QueueName.Match,
  [JobName.DigestTick]: QueueName.Digest,
  [JobName.DigestSend]: QueueName.Digest,
  [JobName.IntroductionNotify]: QueueName.Digest,
  [JobName.IntroductionsSweep]: QueueName.Digest,
};

export interface JobPayloads {
  [JobName.EmbedChanges]: Record<string, never>;
  [JobName.EmbedBatch]: { refs: { entity: 'cluster' | 'member' | 'item'; id: string }[] };
  [JobName.IndexCatchUp]: Record<string, never>;
  /** minSeq: the change-log position the list must reflect; runId: part of a full recompute. */
  [JobName.MatchSubject]: { subjectKey: string; minSeq: number; runId?: string; force?: boolean };
  [JobName.MatchAll]: { reason: string };
  [JobName.DigestTick]: Record<string, never>;
  [JobName.DigestSend]: { recipientKey: string; period: string };
  [JobName.IntroductionNotify]: {
    introductionId: string;
    which: 'request' | 'decision' | 'release';
  };
  [JobName.IntroductionsSweep]: Record<string, never>;
}

export interface EnqueueOptions {
  /** While a job with this id is waiting or running, another is not added. */
  dedupId?: string;
  /** A unique id: a second job with it is never added (e.g. one job per subject per run). */
  jobId?: string;
  delayMs?: number;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'failed' | 'completed';

export interface QueueCounts {
  waiting: number;
  active: number;
  /** Waiting for a retry (backoff) or a requested delay: work still to do. */
  delayed: number;
  /** The next run of a repeatable job (nightly recompute, digest tick): not work in progress. */
  scheduled: number;
  failed: number;
}

export interface FailedJob {
  /** '<queue>:<job id>' */
  id: string;
  queue: QueueName;
  name: JobName;
  payload: unknown;
  attempts: number;
  error: string;
  failedAt: string;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N]) => Promise<unknown>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/**
 * Port: the job queue. Enqueueing is the same everywhere; the driver decides where jobs run
 * (BullMQ workers on Redis, or inline in this process). Failed jobs are kept and can be retried.
 */
export abstract class JobQueue {
  abstract readonly driver: 'inline' | 'bullmq';
  abstract enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options?: EnqueueOptions,
  ): Promise<void>;
  abstract enqueueMany<N extends JobName>(
    name: N,
    jobs: { payload: JobPayloads[N]; options?: EnqueueOptions }[],
  ): Promise<void>;
  /**
   * Queues these jobs and resolves when every one has completed, wherever it ran; rejects, naming
   * the job, when one has failed for good (after its attempts). Jobs a caller waits for must be on
   * another queue than the caller's own job, or a queue with one slot would wait for itself.
   */
  abstract runAll<N extends JobName>(name: N, payloads: JobPayloads[N][]): Promise<void>;
  abstract counts(): Promise<Record<QueueName, QueueCounts>>;
  abstract failed(queue: QueueName | undefined, limit: number): Promise<FailedJob[]>;
  /** Puts a failed job back in its queue; false when there is no such failed job. */
  abstract retry(id: string): Promise<boolean>;
  /** Starts running jobs in this process with these handlers (workers; the embedded api). */
  abstract process(handlers: JobHandlers): Promise<void>;
  /** Registers the repeatable jobs (idempotent). */
  abstract schedule(
    repeatables: { name: JobName; everyMs?: number; dailyAtUtc?: string }[],
  ): Promise<void>;
  abstract close(): Promise<void>;
}

/** Job and de-duplication ids without ':' (BullMQ refuses it in custom ids). */
export function safeJobId(id: string): string {
  return id.replace(/:/g, '_');
}
