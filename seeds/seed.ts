import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Module } from '@nestjs/common';
import { coreImports } from '../src/app.module';
import { loadConfigOrExit } from '../src/common/config/load-config-or-exit';
import { ImportService } from '../src/import/import.service';
import { seedDemoData } from './demo-seeder';

/** `npm run seed`: loads the demo data set into the configured store (idempotent). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  @Module({ imports: coreImports(config) })
  class SeedModule {}
  const app = await NestFactory.createApplicationContext(SeedModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    const results = await seedDemoData(app.get(ImportService));
    let rejected = 0;
    for (const { file, summary } of results) {
      rejected += summary.rejected;
      process.stdout.write(
        `${file.padEnd(16)} lines ${String(summary.lines).padStart(5)}  created ${String(summary.created).padStart(4)}  updated ${String(summary.updated).padStart(4)}  unchanged ${String(summary.unchanged).padStart(4)}  rejected ${summary.rejected}\n`,
      );
      for (const r of summary.rejections)
        process.stdout.write(
          `  line ${r.line}: ${r.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}\n`,
        );
    }
    process.exitCode = rejected ? 2 : 0;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  new NestLogger('seed').error(error);
  process.exit(1);
});
