import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DomainError, notFound } from '../common/errors/domain-error';
import { EnumField, QueryIntField } from '../common/http/fields';
import { LoopDelay, Metrics } from '../common/metrics/metrics';
import { EmbeddingService } from '../embeddings/embedding.service';
import { ChangeFeed } from '../infra/change-feed';
import { FailedJob, JobName, JobQueue, QueueCounts, QueueName } from '../jobs/jobs';
import { PipelineService } from '../pipeline/pipeline.service';
import { RecomputeRun, RecomputeRunsRepository } from '../pipeline/recompute-runs.repository';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { IndexReplica, ReplicaStatus } from '../vector-index/index-replica.service';
import {
  FailedJobsResponse,
  QueueCountsResponse,
  RetriedResponse,
  ServiceStatusResponse,
} from './admin.dto';

export interface ServiceStatus {
  /** Nothing queued or running and every change embedded, indexed here and matched. */
  idle: boolean;
  jobs: { driver: string; queues: Record<QueueName, QueueCounts> | null; error?: string };
  changeLogHead: number;
  embedding: { model: string; lag: number };
  index: ReplicaStatus & { lag: number };
  pendingWork: { embed: boolean; match: boolean };
  /** Subjects (clusters and members) with a computed suggestion list. */
  suggestionLists: number;
  lastFullRecompute: RecomputeRun | null;
  currentRecompute: RecomputeRun | null;
  /**
   * How late this process's event loop ran (ms): over the last completed minute, and over the
   * minute in progress. A p99 above ~100 ms means requests wait behind work on the loop.
   */
  eventLoop: { lastMinute: LoopDelay; current: LoopDelay };
}

class JobsQuery {
  @EnumField(['failed'] as const, {
    optional: true,
    description: 'Only failed jobs are listed (default)',
  })
  state?: 'failed';

  @EnumField(Object.values(QueueName), { optional: true })
  queue?: QueueName;

  @QueryIntField({ optional: true, min: 1, max: 500 })
  limit?: number;
}

/** What operators (and e2e tests) watch: queues, embedding and index lag, full recomputes; failed jobs. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('operator')
@ApiExtraModels(QueueCountsResponse)
@Controller('v1/admin')
export class AdminController {
  constructor(
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
    @Inject(EmbeddingService) private readonly embeddings: EmbeddingService,
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(PipelineService) private readonly pipeline: PipelineService,
    @Inject(RecomputeRunsRepository) private readonly runs: RecomputeRunsRepository,
    @Inject(SuggestionsRepository) private readonly lists: SuggestionsRepository,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('status')
  @ApiOkResponse({
    type: ServiceStatusResponse,
    description: 'Per-queue counts, index sizes and model, embedding lag, last full recompute',
  })
  async status(): Promise<ServiceStatus> {
    const head = await this.changes.head();
    const index = this.replica.status();
    let queues: Record<QueueName, QueueCounts> | null = null;
    let error: string | undefined;
    try {
      queues = await this.queue.counts();
    } catch (e) {
      error = (e as Error).message;
    }
    const pendingWork = await this.pipeline.pendingWork();
    const lag = await this.embeddings.lag();
    const latest = (await this.runs.latest()) ?? null;
    const busy = !queues || Object.values(queues).some((c) => c.waiting + c.active + c.delayed > 0);
    return {
      idle:
        !busy &&
        !pendingWork.embed &&
        !pendingWork.match &&
        lag === 0 &&
        head - index.watermark === 0 &&
        index.state === 'ready',
      jobs: { driver: this.queue.driver, queues, ...(error ? { error } : {}) },
      changeLogHead: head,
      embedding: { model: index.modelId, lag },
      index: { ...index, lag: head - index.watermark },
      pendingWork,
      suggestionLists: await this.lists.countLists(),
      lastFullRecompute: (await this.runs.lastFinished()) ?? null,
      currentRecompute: latest && !latest.finishedAt ? latest : null,
      eventLoop: { lastMinute: this.metrics.loop.delay(), current: this.metrics.loop.recent() },
    };
  }

  @Get('jobs')
  @ApiOkResponse({ type: FailedJobsResponse })
  async jobs(@Query() q: JobsQuery): Promise<{ items: FailedJob[] }> {
    return { items: await this.queue.failed(q.queue, q.limit ?? 100) };
  }

  @Post('jobs/:id/retry')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RetriedResponse })
  async retry(@Param('id') id: string): Promise<{ retried: string }> {
    if (!(await this.queue.retry(id))) throw notFound('JOB.NOT_FOUND', 'Failed job', id);
    return { retried: id };
  }

  /** Queues a full recomputation of every subject's suggestions. */
  @Post('recompute')
  @HttpCode(202)
  async recompute(): Promise<{ queued: true }> {
    try {
      await this.queue.enqueue(
        JobName.MatchAll,
        { reason: 'requested by an operator' },
        { dedupId: 'match-all' },
      );
    } catch (e) {
      throw new DomainError(
        'JOBS.UNAVAILABLE',
        'unavailable',
        `The job queue is not reachable: ${(e as Error).message}`,
      );
    }
    return { queued: true };
  }
}
