import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { slice } from '../common/slices';
import { newId } from '../common/ids';
import { DigestScheduler } from '../digests/digest-scheduler';
import { DigestSender } from '../digests/digest-sender';
import { EmbeddingService } from '../embeddings/embedding.service';
import { Change, ChangeFeed, ConsumerCursors } from '../infra/change-feed';
import { IntroductionNotifier } from '../introductions/introduction-notifier';
import { JobHandlers, JobName, JobPayloads, JobQueue, safeJobId } from '../jobs/jobs';
import { PartyDirectory } from '../parties/party-directory';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { IndexReplica } from '../vector-index/index-replica.service';
import { changedKeys, counterpartsOf, isParty, ownerOf } from './affected-subjects';
import { GraphReplica } from '../collaborations/graph-replica.service';
import { RecomputeRunsRepository } from './recompute-runs.repository';

const MATCHER = 'matcher';
const PAGE = 500;
const COUNTERPARTS = 20;

/**
 * The job handlers, as service methods: embed what changed → bring the index up to date and find
 * the subjects the changes affect → recompute their suggestions; the nightly full recompute; the
 * digests. Every handler is idempotent: a retried or duplicated job changes nothing twice.
 */
@Injectable()
export class PipelineService {
  private readonly logger = new Logger(PipelineService.name);

  constructor(
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(EmbeddingService) private readonly embeddings: EmbeddingService,
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(SuggestionsRepository) private readonly lists: SuggestionsRepository,
    @Inject(RecomputeRunsRepository) private readonly runs: RecomputeRunsRepository,
    @Inject(DigestScheduler) private readonly digestScheduler: DigestScheduler,
    @Inject(DigestSender) private readonly digestSender: DigestSender,
    @Inject(IntroductionNotifier) private readonly introductions: IntroductionNotifier,
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
    @Inject(ConsumerCursors) private readonly cursors: ConsumerCursors,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(GraphReplica) private readonly graphs: GraphReplica,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  handlers(): JobHandlers {
    return {
      [JobName.EmbedChanges]: () => this.embedChanges(),
      [JobName.EmbedBatch]: (p) => this.embedBatch(p),
      [JobName.IndexCatchUp]: () => this.indexCatchUp(),
      [JobName.MatchSubject]: (p) => this.matchSubject(p),
      [JobName.MatchAll]: (p) => this.matchAll(p),
      [JobName.DigestTick]: () => this.digestScheduler.enqueueDue(),
      [JobName.DigestSend]: (p) => this.digestSender.send(p.recipientKey, p.period),
      [JobName.IntroductionNotify]: (p) => this.introductions.notify(p.introductionId, p.which),
      [JobName.IntroductionsSweep]: () => this.introductions.sweep(),
    };
  }

  /** What the ticker checks: work the change log holds that no job has taken yet. */
  async pendingWork(): Promise<{ embed: boolean; match: boolean }> {
    const head = await this.changes.head();
    const embedded = await this.cursors.get(this.embeddings.cursorName);
    const matched = await this.cursors.get(MATCHER);
    return {
      embed: embedded === undefined || head > embedded,
      match: embedded !== undefined && (matched === undefined || embedded > matched),
    };
  }

  /**
   * Embeds what changed, window by window: each window's batches go to the embed-batch queue, where
   * any worker takes them (two workers embed two batches at once), and the cursor moves when all
   * are done. A batch that fails for good fails this job: the cursor stays, and the retry plans
   * the window again (batches already embedded are skipped by their content hash).
   */
  async embedChanges(): Promise<{ windows: number; batches: number }> {
    const done = { windows: 0, batches: 0 };
    for (;;) {
      const plan = await this.embeddings.plan();
      if (plan.upTo === undefined) break;
      await this.queue.runAll(
        JobName.EmbedBatch,
        plan.batches.map((refs) => ({ refs })),
      );
      await this.embeddings.advance(plan);
      done.windows += 1;
      done.batches += plan.batches.length;
    }
    await this.queue.enqueue(JobName.IndexCatchUp, {}, { dedupId: 'index-catch-up' });
    return done;
  }

  /** One batch of a window, on whichever worker took it. */
  async embedBatch(p: JobPayloads[JobName.EmbedBatch]): Promise<unknown> {
    const result = await this.embeddings.embedRefs(p.refs);
    this.logger.log({ records: p.refs.length, embedded: result.embedded }, 'embedding batch done');
    return result;
  }

  /**
   * Follows the change log up to what has been embedded, and queues a recompute for every subject
   * the changes affect. The first run on a store queues a full recompute instead.
   */
  async indexCatchUp(): Promise<{ subjects: number }> {
    await this.replica.whenReady();
    const upTo = await this.cursors.get(this.embeddings.cursorName);
    if (upTo === undefined) return { subjects: 0 };
    const matched = await this.cursors.get(MATCHER);
    if (matched === undefined) {
      await this.replica.catchUp();
      await this.queue.enqueue(
        JobName.MatchAll,
        { reason: 'first run on this store' },
        { dedupId: 'match-all' },
      );
      await this.cursors.set(MATCHER, upTo, this.clock.nowIso());
      return { subjects: 0 };
    }
    // Every subject the changes up to `upTo` affect, collected over all pages and queued once (a
    // subject touched by many changes gets one job, not one per page); the cursor moves after.
    const affected = new Set<string>();
    const looked = new Set<string>();
    const gone = new Set<string>();
    let from: number = matched;
    while (from < upTo) {
      const batch: Change[] = (await this.changes.readAfter(from, PAGE)).filter(
        (c) => c.seq <= upTo,
      );
      if (!batch.length) break;
      const { upserted, deleted } = changedKeys(batch);
      const touched = new Set<string>();
      // A collaboration changes what its parties know (past partners, shared partners): its
      // parties before the change (from the graph, before it catches up) and after.
      const collaborations = [...upserted, ...deleted].filter(isCollaboration).map(idOf);
      if (collaborations.length) {
        const partiesOf = (id: string) => this.graphs.graph.partiesOf(id);
        await this.graphs.start();
        for (const id of collaborations) for (const p of partiesOf(id)) touched.add(p);
        await this.graphs.catchUp();
        for (const id of collaborations) for (const p of partiesOf(id)) touched.add(p);
      }
      // Owners of deleted records are known only to the index, before it catches up.
      for (const key of deleted) {
        const owner = ownerOf(key, this.replica.placements.get(key)?.meta);
        if (owner) touched.add(owner);
        if (isParty(key)) gone.add(key);
      }
      await this.replica.catchUp();
      const index = this.replica.index!;
      // A vector search per changed record, a read per touched owner: requests get turns between.
      for (const key of upserted) {
        const owner = ownerOf(key, this.replica.placements.get(key)?.meta);
        if (owner) touched.add(owner);
        for (const counterpart of counterpartsOf(key, index, COUNTERPARTS))
          touched.add(counterpart);
        gone.delete(key);
        await slice();
      }
      for (const owner of touched) {
        affected.add(owner);
        if (looked.has(owner)) continue;
        looked.add(owner);
        for (const subject of await this.lists.subjectsSuggesting(owner)) affected.add(subject);
        await slice();
      }
      from = batch[batch.length - 1].seq;
      // The store answers synchronously (SQLite): give timers a turn between pages, or the queue
      // cannot renew this job's lock and another worker takes it over as stalled.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const key of gone) affected.delete(key);
    // One job id per subject and catch-up range: a catch-up run again (after a stall or a retry)
    // adds nothing that is still queued.
    await this.queue.enqueueMany(
      JobName.MatchSubject,
      [...affected].map((subjectKey) => ({
        payload: { subjectKey, minSeq: from },
        options: { jobId: safeJobId(`catchup-${matched}-${from}-${subjectKey}`) },
      })),
    );
    await this.cursors.set(MATCHER, from, this.clock.nowIso());
    const subjects = affected.size;
    return { subjects };
  }

  /** Recomputes one subject unless its list already reflects `minSeq` (or, in a run, the run's start). */
  async matchSubject(p: JobPayloads[JobName.MatchSubject]): Promise<string> {
    await this.replica.whenReady();
    if (this.replica.status().watermark < p.minSeq) await this.replica.catchUp();
    if (this.replica.status().watermark < p.minSeq)
      throw new Error(`the index has not reached change ${p.minSeq} yet`);
    const exists = await this.parties.find(p.subjectKey);
    const run = p.runId ? await this.runs.find(p.runId) : undefined;
    let outcome = 'gone';
    if (exists) {
      const list = await this.lists.findList(p.subjectKey);
      const fresh =
        !p.force &&
        (run ? !!list && list.computedAt >= run.startedAt : !!list && list.changeSeq >= p.minSeq);
      outcome = fresh ? 'fresh' : 'recomputed';
      if (!fresh) await this.suggestions.recompute(p.subjectKey);
    }
    if (p.runId) await this.runs.markDone(p.runId, p.subjectKey, this.clock.nowIso());
    return outcome;
  }

  /** Queues every subject once (one job per subject and run: a retried run job adds nothing twice). */
  async matchAll(p: JobPayloads[JobName.MatchAll]): Promise<{ runId: string; subjects: number }> {
    const subjects = await this.allSubjects();
    const runId = newId();
    const minSeq = await this.changes.head();
    await this.runs.start({
      id: runId,
      reason: p.reason,
      total: subjects.length,
      startedAt: this.clock.nowIso(),
    });
    await this.queue.enqueueMany(
      JobName.MatchSubject,
      subjects.map((subjectKey) => ({
        payload: { subjectKey, minSeq, runId },
        options: { jobId: safeJobId(`run-${runId}-${subjectKey}`) },
      })),
    );
    this.logger.log(
      { runId, subjects: subjects.length, reason: p.reason },
      'full recompute queued',
    );
    return { runId, subjects: subjects.length };
  }

  private async allSubjects(): Promise<string[]> {
    const keys: string[] = [];
    for await (const page of this.parties.pages(1000)) keys.push(...page.map((p) => p.key));
    return keys;
  }
}

const isCollaboration = (key: string) => key.startsWith('collaboration:');
const idOf = (key: string) => key.slice(key.indexOf(':') + 1);
