import { BullModule, OnWorkerEvent, Processor, WorkerHost, getQueueToken } from '@nestjs/bullmq';
import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
  Type,
} from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { DigestService } from '../digests/digest.service';
import { IntroductionsService } from '../introductions/introductions.service';
import { EconomiesModule } from '../economies/economies.module';
import { MatchingModule } from '../matching/matching.module';
import { Mailer } from '../mail/mailer';
import { FileOutboxMailer, SmtpMailer } from '../mail/nodemailer-mailers';
import { BullMqJobQueue, redisConnection, redisErrorLogger } from './bullmq-job-queue';
import { InlineJobQueue, JobPolicy } from './inline-job-queue';
import { JobName, JobQueue, QueueName } from './jobs';
import { PipelineService } from './pipeline.service';
import { SqliteFailedJobs } from './sqlite-failed-jobs';
import { SqlitePendingJobs } from './sqlite-pending-jobs';

/**
 * Runs the pipeline where this process runs processors: registers the handlers, the repeatable
 * jobs (nightly full recompute, digest tick) and the ticker that turns unprocessed changes into
 * jobs (de-duplicated, so several workers ticking is harmless).
 */
@Injectable()
class PipelineRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PipelineRunner');
  private ticker?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(PipelineService) private readonly pipeline: PipelineService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs.processors) return;
    await this.queue.process(this.pipeline.handlers());
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

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.ticker);
    await this.queue.close();
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

function policyOf(config: AppConfig): JobPolicy {
  return {
    attempts: config.jobs.attempts,
    backoffMs: config.jobs.backoffMs,
    concurrency: config.jobs.concurrency,
  };
}

/** A @nestjs/bullmq processor for one queue, with its worker options from the config. */
function processorFor(queue: QueueName, config: AppConfig): Type<WorkerHost> {
  @Processor(queue, {
    concurrency: config.jobs.concurrency[queue],
    lockDuration: config.jobs.lockMs,
    stalledInterval: config.jobs.lockMs,
    maxStalledCount: 2,
  })
  class QueueProcessor extends WorkerHost {
    private readonly onError = redisErrorLogger(new Logger(`${queue} worker`));
    constructor(@Inject(JobQueue) private readonly jobs: BullMqJobQueue) {
      super();
    }
    process(job: Job): Promise<unknown> {
      return this.jobs.run(job);
    }
    @OnWorkerEvent('error')
    error(error: Error): void {
      this.onError(error);
    }
  }
  Object.defineProperty(QueueProcessor, 'name', {
    value: `${queue[0].toUpperCase()}${queue.slice(1)}Processor`,
  });
  return QueueProcessor;
}

const QUEUES = Object.values(QueueName);

/**
 * The job queue and the pipeline. Embedded (no REDIS_URL): the inline driver, processors in this
 * process. Otherwise BullMQ through @nestjs/bullmq: every process can queue jobs; processes with
 * processors (the worker) run them.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const imports = [MatchingModule, EconomiesModule];
    const mailer: Provider = {
      provide: Mailer,
      useFactory: () =>
        config.mail.smtpUrl
          ? new SmtpMailer(config.mail.smtpUrl, config.mail.from)
          : new FileOutboxMailer(config.mail.outboxDir, config.mail.from),
    };
    const common = [mailer, PipelineService, DigestService, IntroductionsService, PipelineRunner];
    if (!config.redisUrl) {
      return {
        module: JobsModule,
        imports,
        providers: [
          ...common,
          {
            provide: JobQueue,
            useFactory: (
              failedJobs: SqliteFailedJobs | null,
              pendingJobs: SqlitePendingJobs | null,
            ) => {
              if (!failedJobs || !pendingJobs)
                throw new Error(
                  'the inline job driver needs the embedded store (set REDIS_URL with MONGODB_URI)',
                );
              return new InlineJobQueue(failedJobs, pendingJobs, policyOf(config));
            },
            inject: [SqliteFailedJobs, SqlitePendingJobs],
          },
        ],
        exports: [JobQueue, Mailer, DigestService, IntroductionsService, PipelineService],
      };
    }
    return {
      module: JobsModule,
      imports: [
        ...imports,
        BullModule.forRoot({ connection: redisConnection(config.redisUrl) }),
        BullModule.registerQueue(...QUEUES.map((name) => ({ name }))),
      ],
      providers: [
        ...common,
        {
          provide: JobQueue,
          useFactory: (...queues: Queue[]) =>
            new BullMqJobQueue(
              Object.fromEntries(QUEUES.map((q, i) => [q, queues[i]])) as Record<QueueName, Queue>,
              policyOf(config),
            ),
          inject: QUEUES.map((q) => getQueueToken(q)),
        },
        ...(config.jobs.processors ? QUEUES.map((q) => processorFor(q, config)) : []),
      ],
      exports: [JobQueue, Mailer, DigestService, IntroductionsService, PipelineService],
    };
  }
}
