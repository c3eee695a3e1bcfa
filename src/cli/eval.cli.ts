import { createEvalApp } from './eval-app';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoData } from '../../seeds/demo-seeder';
import { environmentVariables } from '../common/config/load-config-or-exit';
import { CriteriaService } from '../criteria/criteria.service';
import { EmbeddingService } from '../embeddings/embedding.service';
import { EvaluationService, STRATEGIES } from '../evaluation/evaluation.service';
import { formatTable } from '../evaluation/eval-tables';
import { EvaluationSummary } from '../evaluation/metrics';
import { parseEvalArgs, runDatasetEvaluation } from './eval-dataset';
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
  const app = await createEvalApp(env, dataDir);
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
  process.stdout.write(`${formatTable('planted set (seeds/eval)', results)}\n`);
}

if (require.main === module) {
  const env = environmentVariables('EMBEDDING_');
  const args = parseEvalArgs(process.argv.slice(2));
  const run =
    args.dataset === 'planted'
      ? runEvaluation(env).then((r) =>
          args.json ? process.stdout.write(`${JSON.stringify(r, null, 2)}\n`) : printEvaluation(r),
        )
      : runDatasetEvaluation(env, args).then(() => undefined);
  run.catch((error: unknown) => {
    process.stderr.write(
      `eval failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
