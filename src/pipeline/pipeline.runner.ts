import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { Metrics } from '../common/metrics/metrics';
import { JobName, JobQueue, QUEUE_OF } from '../jobs/jobs';
import { PipelineService } from './pipeline.service';

/**
 * Runs the pipeline where this process runs processors: registers the handlers, the repeatable
 * jobs (nightly full recompute, digest tick, introductions sweep) and the ticker that turns
 * unprocessed changes into jobs (de-duplicated, so several workers ticking is harmless).
 */
@Injectable()
export class PipelineRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PipelineRunner');
  private ticker?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(PipelineService) private readonly pipeline: PipelineService,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.processors) return;
    await this.queue.process(this.metrics.timeJobs(this.pipeline.handlers(), QUEUE_OF));
    await this.queue.schedule([
      { name: JobName.MatchAll, dailyAtUtc: this.config.jobs.recomputeAtUtc },
      { name: JobName.DigestTick, everyMs: this.config.digests.tickMs },
      { name: JobName.IntroductionsSweep, everyMs: this.config.introductions.sweepMs },
    ]);
    const tick = () =>
      void this.tick().catch((error: unknown) =>
        this.logger.warn(
          { err: (error as Error).message },
          'pipeline tick failed; next tick retries',
        ),
      );
    this.ticker = setInterval(tick, this.config.index.syncIntervalMs);
    this.ticker.unref();
    tick();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.ticker);
  }

  private async tick(): Promise<void> {
    const pending = await this.pipeline.pendingWork();
    // While changes wait to be embedded, the embedding job queues the index catch-up when it has
    // them all: catching up in the middle of a bulk import would recompute the same subjects
    // again and again against a half-built index.
    if (pending.embed)
      await this.queue.enqueue(JobName.EmbedChanges, {}, { dedupId: 'embed-changes' });
    else if (pending.match)
      await this.queue.enqueue(JobName.IndexCatchUp, {}, { dedupId: 'index-catch-up' });
  }
}
