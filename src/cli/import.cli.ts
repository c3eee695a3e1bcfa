import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createReadStream } from 'node:fs';
import { Logger } from 'nestjs-pino';
import { coreImports } from '../app.module';
import { loadConfigOrExit } from '../common/config/load-config-or-exit';
import { ImportService } from '../import/import.service';

/**
 * `npm run import -- FILE` (or `-` for standard input): the bulk import without HTTP, into the
 * configured store. Progress goes to stderr after every committed batch ("committed through line
 * N": those lines are durable); the summary is printed as JSON on stdout. Exit code 0 when every
 * line was imported, 2 when some lines were rejected, 1 when the import failed.
 */
async function main(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write(
      'usage: npm run import -- FILE   (one NDJSON file, or - for standard input)\n',
    );
    return 64;
  }
  const config = loadConfigOrExit();
  @Module({ imports: coreImports(config) })
  class ImportCliModule {}
  const app = await NestFactory.createApplicationContext(ImportCliModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    const source = file === '-' ? process.stdin : createReadStream(file);
    const summary = await app.get(ImportService).run(source, `cli:${file}`, (run) => {
      process.stderr.write(
        `committed through line ${run.committedThroughLine} (created ${run.created}, updated ${run.updated}, unchanged ${run.unchanged}, rejected ${run.rejected})\n`,
      );
    });
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.rejected > 0 ? 2 : 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(
      `import failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
