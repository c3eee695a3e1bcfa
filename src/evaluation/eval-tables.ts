import { EvaluationSummary } from './metrics';

/** A results table: a row per strategy, recall@10, nDCG@10, MRR@10, economies per top-10, coverage. */
export function formatTable(title: string, rows: Record<string, EvaluationSummary>): string {
  const header = [
    'strategy',
    'queries',
    'recall@10',
    'nDCG@10',
    'MRR@10',
    'economies/top-10',
    'coverage',
  ];
  const body = Object.entries(rows).map(([name, r]) => [
    name,
    String(r.subjects),
    r.recallAt10.toFixed(4),
    r.ndcgAt10.toFixed(4),
    r.mrr.toFixed(4),
    r.economiesPerTop10.toFixed(2),
    r.catalogueCoverage.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    `**${title}**`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
  ].join('\n');
}

/** The engine against the best single baseline on a measure: the ratio, and which baseline. */
export function ratioToBest(
  rows: Record<string, EvaluationSummary>,
  measure: 'recallAt10' | 'ndcgAt10',
): { ratio: number; baseline: string } {
  // Baselines only: the engine and its what-if variants (engine:…) are not baselines.
  const baselines = Object.entries(rows).filter(([name]) => !name.startsWith('engine'));
  const [baseline, best] = baselines.reduce((a, b) => (b[1][measure] > a[1][measure] ? b : a));
  return { ratio: rows.engine[measure] / (best[measure] || Number.EPSILON), baseline };
}

export function formatRatios(rows: Record<string, EvaluationSummary>): string {
  const r = ratioToBest(rows, 'recallAt10');
  const n = ratioToBest(rows, 'ndcgAt10');
  return `engine / best baseline: recall@10 ${r.ratio.toFixed(2)}× (${r.baseline}), nDCG@10 ${n.ratio.toFixed(2)}× (${n.baseline}); economies per top-10 ${rows.engine.economiesPerTop10.toFixed(2)}`;
}
