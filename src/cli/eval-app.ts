import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { coreImports, pipelineImports } from '../app.module';
import { loadConfig } from '../common/config/app-config';
import { EvaluationModule } from '../evaluation/evaluation.module';

/**
 * The application an evaluation runs in: the store in `dataDir`, the configured model, and no
 * background pipeline (the evaluation drives embedding, indexing and matching itself).
 */
export async function createEvalApp(
  env: Record<string, string>,
  dataDir: string,
): Promise<INestApplicationContext> {
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    EMBEDDING_REMOTE: 'false',
    ...env,
    JOBS_PROCESSORS: 'off',
    DATA_DIR: dataDir,
  });
  @Module({
    imports: [...coreImports(config), ...pipelineImports({ startIndex: false }), EvaluationModule],
  })
  class EvalModule {}
  return NestFactory.createApplicationContext(EvalModule, {
    logger: ['error'],
    abortOnError: false,
  });
}
