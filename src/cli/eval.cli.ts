import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoData } from '../../seeds/demo-seeder';
import { coreImports, pipelineImports } from '../app.module';
import { environmentVariables } from '../common/config/load-config-or-exit';
import { loadConfig } from '../common/config/app-config';
import { CriteriaService } from '../criteria/criteria.service';
import { EmbeddingService } from '../embeddings/embedding.service';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { EvaluationService, STRATEGIES } from '../evaluation/evaluation.service';
import { EvaluationSummary } from '../evaluation/metrics';
import { ImportService } from '../import/import.service';
import { IndexReplica } from '../vector-index/index-replica.service';

/**
 * `npm run eval`: loads the demo data into a temporary store, embeds it with the configured model
 * (EMBEDDING_MODEL / EMBEDDING_MODEL_DIR), and evaluates the engine against the labelled set
 * (seeds/eval/labels.json) beside three baselines in the same run.
 */
export async function runEvaluation(
  env: Record<string, string>,
): Promise<Record<string, EvaluationSummary>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pec-eval-'));
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    EMBEDDING_REMOTE: 'false',
    ...env,
    DATA_DIR: dataDir,
  });
  @Module({
    imports: [...coreImports(config), ...pipelineImports({ startIndex: false }), EvaluationModule],
  })
  class EvalModule {}
  const app = await NestFactory.createApplicationContext(EvalModule, {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    await seedDemoData(app.get(ImportService));
    await app.get(EmbeddingService).sync();
    const replica = app.get(IndexReplica);
    await replica.start({ follow: false });
    const criteria = await app.get(CriteriaService).active();
    const evaluation = app.get(EvaluationService);
    const subjects = await evaluation.labelledSubjects();
    const results: Record<string, EvaluationSummary> = {};
    for (const strategy of STRATEGIES)
      results[strategy] = await evaluation.evaluate(strategy, criteria, subjects);
    return results;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printEvaluation(results: Record<string, EvaluationSummary>): void {
  const header = [
    'strategy',
    'subjects',
    'recall@10',
    'nDCG@10',
    'MRR',
    'economies/top-10',
    'lists ≥4 economies',
    'catalogue coverage',
  ];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    String(r.subjects),
    r.recallAt10.toFixed(3),
    r.ndcgAt10.toFixed(3),
    r.mrr.toFixed(3),
    r.economiesPerTop10.toFixed(2),
    r.listsWith4Economies.toFixed(2),
    r.catalogueCoverage.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(
    `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`,
  );
}

if (require.main === module) {
  const env = environmentVariables('EMBEDDING_');
  runEvaluation(env)
    .then(printEvaluation)
    .catch((error: unknown) => {
      process.stderr.write(
        `eval failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    });
}
