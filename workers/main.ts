import { Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { coreImports, pipelineImports } from '../src/app.module';
import { loadConfigOrExit } from '../src/common/config/load-config-or-exit';

/**
 * The worker process (`npm run worker`): a Nest application context without HTTP that runs the
 * job processors (embed, index, match, digest) on BullMQ, and holds its own index replica. Run as
 * many as needed; each takes jobs from the shared queues.
 */
async function main(): Promise<void> {
  // The worker always runs the job processors.
  const loaded = loadConfigOrExit();
  const config = { ...loaded, jobs: { ...loaded.jobs, processors: true } };
  @Module({ imports: [...coreImports(config), ...pipelineImports()] })
  class WorkerModule {}
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  app
    .get(Logger)
    .log(
      {
        store: config.store.kind,
        redis: Boolean(config.redisUrl),
        concurrency: config.jobs.concurrency,
      },
      'PEC Match worker started',
    );
}

main().catch((error: unknown) => {
  new NestLogger('worker').error(error);
  process.exit(1);
});
