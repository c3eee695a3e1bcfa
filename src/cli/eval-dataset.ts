import { createEvalApp } from './eval-app';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { GraphReplica } from '../collaborations/graph-replica.service';
import { CriteriaService } from '../criteria/criteria.service';
import { EmbeddingService } from '../embeddings/embedding.service';
import {
  DATASET_STRATEGIES,
  DatasetEvaluation,
  DatasetQuery,
  DatasetStrategy,
  DatasetTable,
} from '../evaluation/dataset-evaluation';
import { formatRatios, formatTable } from '../evaluation/eval-tables';
import { failureReport } from '../evaluation/failure-report';
import { EvaluationSummary } from '../evaluation/metrics';
import { ImportService } from '../import/import.service';
import { CHANNELS } from '../matching/candidate-retrieval';
import { CriteriaContent, FEATURES, MatchCriteria } from '../matching/criteria';
import { PartyDirectory } from '../parties/party-directory';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { IndexReplica } from '../vector-index/index-replica.service';

export interface EvalArgs {
  dataset: string;
  json: boolean;
  ablation: boolean;
  diversity: boolean;
  report?: string;
  /** Evaluate half the queries: tuning on one, checking on the other (hash of the query id). */
  split: 'all' | 'tune' | 'test';
  limit?: number;
  /** Keep the loaded store here and reuse it next time (import and embedding skipped). */
  dataDir?: string;
  /** What-ifs: JSON files of criteria content ({weights?, rules?}) laid over the active version, a row each. */
  criteria: string[];
  /** Only these strategies (default: every one; the ratios need at least one baseline). */
  strategies?: DatasetStrategy[];
}

const USAGE =
  'usage: npm run eval -- [--dataset planted|DIR] [--json] [--ablation] [--diversity] [--report FILE.md] [--split tune|test] [--limit N] [--data-dir DIR] [--criteria A.json,B.json] [--strategies engine,bm25-full-text,…]';

export function parseEvalArgs(argv: string[]): EvalArgs {
  const args: EvalArgs = {
    dataset: 'planted',
    json: false,
    ablation: false,
    diversity: false,
    split: 'all',
    criteria: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value (${USAGE})`);
      return v;
    };
    if (a === '--dataset') args.dataset = value();
    else if (a === '--json') args.json = true;
    else if (a === '--ablation') args.ablation = true;
    else if (a === '--diversity') args.diversity = true;
    else if (a === '--report') args.report = resolve(value());
    else if (a === '--split') args.split = value() as EvalArgs['split'];
    else if (a === '--limit') args.limit = Number(value());
    else if (a === '--data-dir') args.dataDir = resolve(value());
    else if (a === '--criteria')
      args.criteria = value()
        .split(',')
        .map((f) => resolve(f));
    else if (a === '--strategies') args.strategies = value().split(',') as DatasetStrategy[];
    else throw new Error(`unknown argument ${a} (${USAGE})`);
  }
  if (!['all', 'tune', 'test'].includes(args.split))
    throw new Error(`--split: tune or test (${USAGE})`);
  const unknown = args.strategies?.find((s) => !DATASET_STRATEGIES.includes(s));
  if (unknown)
    throw new Error(`--strategies: no strategy ${unknown} (${DATASET_STRATEGIES.join(', ')})`);
  return args;
}

/** `npm run eval -- --dataset DIR`: import, embed, index, then both tables (and extras asked for). */
export async function runDatasetEvaluation(env: Record<string, string>, args: EvalArgs) {
  const dir = resolve(args.dataset);
  const file = ['import.ndjson.gz', 'import.ndjson'].map((f) => join(dir, f)).find(existsSync);
  if (!file || !existsSync(join(dir, 'gold.json')))
    throw new Error(`${dir} needs import.ndjson[.gz] and gold.json`);
  const dataDir = args.dataDir ?? mkdtempSync(join(tmpdir(), 'pec-eval-'));
  const reuse = !!args.dataDir && existsSync(join(dataDir, 'pec.sqlite'));
  const app = await createEvalApp(env, dataDir);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const started = Date.now();
    if (reuse) log(`reusing the store in ${dataDir}`);
    else {
      const source = createReadStream(file);
      const imported = await app
        .get(ImportService)
        .run(file.endsWith('.gz') ? source.pipe(createGunzip()) : source, `eval:${file}`);
      log(`imported ${imported.lines} lines (${imported.rejected} rejected)`);
    }
    await app.get(EmbeddingService).sync();
    await app.get(IndexReplica).start({ follow: false });
    await app.get(GraphReplica).start();
    log(`embedded and indexed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const evaluation = app.get(DatasetEvaluation);
    const criteria = await app.get(CriteriaService).active();
    const queries = select(await evaluation.queries(dir), args);
    const results = await bothTables(evaluation, criteria, queries, log, args.strategies);
    for (const file of args.criteria)
      for (const table of ['new', 'all'] as const)
        results[table][`engine:${basename(file, '.json')}`] = await evaluation.evaluateVariant(
          criteriaWhatIf(criteria, file),
          evaluation.tableQueries(queries, table),
          table,
        );
    const extras: Record<string, unknown> = {};
    if (args.ablation) extras.ablation = await ablation(evaluation, criteria, queries, log);
    if (args.diversity) extras.diversity = await diversityChart(evaluation, criteria, queries, log);
    if (args.report) {
      writeFileSync(args.report, await report(app, queries));
      log(`failure report written to ${args.report}`);
    }
    print(results, extras, args);
    return { results, extras };
  } finally {
    await app.close();
    if (!args.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The active criteria with a file's weights and rules laid over them (a what-if, never stored). */
export function criteriaWhatIf(active: MatchCriteria, file: string): MatchCriteria {
  const given = JSON.parse(readFileSync(file, 'utf8')) as Partial<CriteriaContent>;
  const unknown = [
    ...Object.keys(given.weights ?? {}).filter((k) => !(k in active.weights)),
    ...Object.keys(given.rules ?? {}).filter((k) => !(k in active.rules)),
  ];
  if (unknown.length) throw new Error(`--criteria ${file}: unknown ${unknown.join(', ')}`);
  return {
    ...active,
    weights: { ...active.weights, ...given.weights },
    rules: { ...active.rules, ...given.rules },
  };
}

function select(queries: DatasetQuery[], args: EvalArgs): DatasetQuery[] {
  const half = (key: string) => createHash('sha256').update(key).digest()[0] % 2 === 0;
  const chosen =
    args.split === 'all'
      ? queries
      : queries.filter((q) => half(q.subject) === (args.split === 'tune'));
  return args.limit ? chosen.slice(0, args.limit) : chosen;
}

type Tables = Record<DatasetTable, Record<string, EvaluationSummary>>;

async function bothTables(
  evaluation: DatasetEvaluation,
  criteria: MatchCriteria,
  queries: DatasetQuery[],
  log: (line: string) => void,
  strategies: readonly DatasetStrategy[] = DATASET_STRATEGIES,
): Promise<Tables> {
  const tables: Tables = { all: {}, new: {} };
  // 'new' first: the engine's lists left in the store afterwards are those of 'all' (the report's).
  for (const table of ['new', 'all'] as const) {
    const subset = evaluation.tableQueries(queries, table);
    for (const strategy of strategies) {
      const t0 = Date.now();
      tables[table][strategy] = (
        await evaluation.evaluate(strategy, criteria, subset, table)
      ).summary;
      log(`${table} ${strategy}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  return tables;
}

/** Each signal (weight 0) and each channel switched off in turn, both tables. */
async function ablation(
  evaluation: DatasetEvaluation,
  criteria: MatchCriteria,
  queries: DatasetQuery[],
  log: (line: string) => void,
) {
  const rows: Record<string, Record<DatasetTable, EvaluationSummary>> = {};
  const variants: [string, MatchCriteria, (keyof typeof ALL_ON)[]][] = [['engine', criteria, []]];
  for (const f of FEATURES)
    if (criteria.weights[f] > 0)
      variants.push([
        `− signal ${f}`,
        { ...criteria, weights: { ...criteria.weights, [f]: 0 } },
        [],
      ]);
  for (const c of CHANNELS) variants.push([`− channel ${c}`, criteria, [c]]);
  for (const [name, variant, off] of variants) {
    const channels = { ...ALL_ON, ...Object.fromEntries(off.map((c) => [c, false])) };
    rows[name] = {} as Record<DatasetTable, EvaluationSummary>;
    for (const table of ['all', 'new'] as const)
      rows[name][table] = await evaluation.evaluateVariant(
        variant,
        evaluation.tableQueries(queries, table),
        table,
        channels,
      );
    log(`ablation ${name} done`);
  }
  return rows;
}

const ALL_ON = Object.fromEntries(CHANNELS.map((c) => [c, true])) as Record<
  (typeof CHANNELS)[number],
  boolean
>;

/** The diversity chart's grid: MMR λ (1 = off) and the per-economy cap (null = none). */
const LAMBDAS = [1, 0.9, 0.8, 0.6];
const CAPS = [null, 4, 3, 2];

/** nDCG@10 against economies per top-10 over λ and the per-economy cap. */
async function diversityChart(
  evaluation: DatasetEvaluation,
  criteria: MatchCriteria,
  queries: DatasetQuery[],
  log: (line: string) => void,
) {
  const cells: {
    lambda: number;
    cap: number | null;
    table: DatasetTable;
    summary: EvaluationSummary;
  }[] = [];
  for (const lambda of LAMBDAS)
    for (const cap of CAPS) {
      const variant = {
        ...criteria,
        rules: { ...criteria.rules, mmrLambda: lambda, perEconomyCap: cap },
      };
      for (const table of ['all', 'new'] as const)
        cells.push({
          lambda,
          cap,
          table,
          summary: await evaluation.evaluateVariant(
            variant,
            evaluation.tableQueries(queries, table),
            table,
          ),
        });
      log(`diversity λ=${lambda} cap=${cap ?? 'none'} done`);
    }
  return cells;
}

async function report(
  app: { get<T>(t: abstract new (...a: never[]) => T): T },
  queries: DatasetQuery[],
) {
  const parties = app.get(PartyDirectory);
  const lists = app.get(SuggestionsRepository);
  const cases = [];
  for (const q of queries) {
    const suggestions = await lists.list(q.subject, {}, { limit: 10 });
    const found = await parties.findMany([
      q.subject,
      ...q.gold,
      ...suggestions.map((s) => s.partnerKey),
    ]);
    const subject = found.get(q.subject);
    if (!subject) continue;
    cases.push({
      subject,
      gold: [...q.gold].map((k) => found.get(k)).filter((p) => !!p),
      suggestions: suggestions.slice(0, 10),
      partners: found,
    });
  }
  return failureReport(cases);
}

const ratios = (rows: Record<string, EvaluationSummary>) =>
  rows.engine && Object.keys(rows).some((k) => !k.startsWith('engine')) ? formatRatios(rows) : '';

function print(results: Tables, extras: Record<string, unknown>, args: EvalArgs): void {
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ results, ...extras }, null, 2)}\n`);
    return;
  }
  const out = [
    formatTable('All gold partners', results.all),
    '',
    ratios(results.all),
    '',
    formatTable(
      'New partners only (gold pairs that had worked together dropped; known partners excluded)',
      results.new,
    ),
    '',
    ratios(results.new),
  ];
  const ablationRows = extras.ablation as
    Record<string, Record<DatasetTable, EvaluationSummary>> | undefined;
  if (ablationRows)
    for (const table of ['all', 'new'] as const)
      out.push(
        '',
        formatTable(
          `Ablation, ${table === 'all' ? 'all partners' : 'new partners'}`,
          Object.fromEntries(Object.entries(ablationRows).map(([k, v]) => [k, v[table]])),
        ),
      );
  const chart = extras.diversity as
    | { lambda: number; cap: number | null; table: DatasetTable; summary: EvaluationSummary }[]
    | undefined;
  if (chart) {
    out.push(
      '',
      '**Diversity: nDCG@10 (economies per top-10), all partners | new partners**',
      '',
      `| λ \\\\ cap | ${CAPS.map((c) => c ?? 'none').join(' | ')} |`,
      `| --- | ${CAPS.map(() => '---').join(' | ')} |`,
    );
    for (const lambda of [...new Set(chart.map((c) => c.lambda))]) {
      const cell = (cap: number | null) =>
        (['all', 'new'] as const)
          .map(
            (t) =>
              chart.find((c) => c.lambda === lambda && c.cap === cap && c.table === t)!.summary,
          )
          .map((s) => `${s.ndcgAt10.toFixed(4)} (${s.economiesPerTop10.toFixed(1)})`)
          .join(' \\| ');
      out.push(`| ${lambda} | ${CAPS.map(cell).join(' | ')} |`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
