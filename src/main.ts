import { Logger as NestLogger } from '@nestjs/common';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { seedDemoIfEmpty } from '../seeds/demo-seeder';
import { ClustersRepository } from './clusters/clusters.repository';
import { loadConfigOrExit } from './common/config/load-config-or-exit';
import { ModelUnavailableError } from './embeddings/transformers-embedder';
import { createHttpApp } from './http-app';
import { ImportService } from './import/import.service';

/** The api process: `npm start`. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createHttpApp(config);
  const logger = app.get(Logger);
  await app.init();
  if (config.seedDemo === 'if-empty') {
    const seeded = await seedDemoIfEmpty(app.get(ImportService), app.get(ClustersRepository));
    if (seeded) {
      const total = seeded.reduce((n, r) => n + r.summary.created, 0);
      logger.log({ files: seeded.length, created: total }, 'empty store: loaded the demo data set');
    }
  }
  const server = app.getHttpServer() as Server;
  server.requestTimeout = config.http.requestTimeoutMs;
  await app.listen(config.http.port, config.http.host);
  logger.log(
    {
      url: `http://${config.http.host}:${config.http.port}`,
      store: config.store.kind,
      embedded: config.embedded,
    },
    'PEC Match api listening',
  );

  // Graceful shutdown: stop accepting, let in-flight requests finish (bounded), close the store.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ signal }, 'shutting down');
    const force = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
    force.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ModelUnavailableError) process.stderr.write(`\n${error.message}\n\n`);
  else new NestLogger('main').error(error);
  process.exit(1);
});
