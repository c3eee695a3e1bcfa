import { BullModule, OnWorkerEvent, Processor, WorkerHost, getQueueToken } from '@nestjs/bullmq';
import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  BeforeApplicationShutdown,
  Type,
} from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../common/config/app-config';
import { redisConnection, redisErrorLogger } from '../infra/redis';
import { adapterFor } from '../infra/store-adapter';
import { StoreConnection } from '../infra/store-connection';
import { BullMqJobQueue } from './bullmq-job-queue';
import { InlineJobQueue, JobPolicy } from './inline-job-queue';
import { JobQueue, QueueName } from './jobs';
import { SqliteFailedJobs } from './sqlite-failed-jobs';
import { SqlitePendingJobs } from './sqlite-pending-jobs';

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

/** Closes the queue (and stops its workers) when the application stops. */
@Injectable()
class QueueLifecycle implements BeforeApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}

  /**
   * Before any module shuts down: the running jobs finish (within the queue's deadline) while the
   * embedder's processes, the store and the mailer they use are still there.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

const QUEUES = Object.values(QueueName);

/**
 * The job queue, for every feature that queues work. Embedded (no REDIS_URL): the inline driver,
 * which runs jobs in this process and keeps them in the SQLite store. Otherwise BullMQ through
 * @nestjs/bullmq: every process can queue jobs; processes with processors (the worker) run them.
 * Which handler runs which job is the pipeline's business (PipelineModule registers them).
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.redisUrl) {
      return {
        module: JobsModule,
        providers: [
          {
            provide: JobQueue,
            useFactory: (connection: StoreConnection) =>
              adapterFor<JobQueue>(connection, {
                sqlite: (db) =>
                  new InlineJobQueue(
                    new SqliteFailedJobs(db),
                    new SqlitePendingJobs(db),
                    policyOf(config),
                  ),
                mongodb: () => {
                  throw new Error(
                    'the inline job driver needs the embedded store (set REDIS_URL with MONGODB_URI)',
                  );
                },
              }),
            inject: [StoreConnection],
          },
          QueueLifecycle,
        ],
        exports: [JobQueue],
      };
    }
    return {
      module: JobsModule,
      imports: [
        BullModule.forRoot({ connection: redisConnection(config.redisUrl) }),
        BullModule.registerQueue(...QUEUES.map((name) => ({ name }))),
      ],
      providers: [
        {
          provide: JobQueue,
          useFactory: (...queues: Queue[]) =>
            new BullMqJobQueue(
              Object.fromEntries(QUEUES.map((q, i) => [q, queues[i]])) as Record<QueueName, Queue>,
              policyOf(config),
            ),
          inject: QUEUES.map((q) => getQueueToken(q)),
        },
        QueueLifecycle,
        ...(config.jobs.processors ? QUEUES.map((q) => processorFor(q, config)) : []),
      ],
      exports: [JobQueue],
    };
  }
}
