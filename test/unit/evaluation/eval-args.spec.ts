import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criteriaWhatIf, parseEvalArgs } from '../../../src/cli/eval-dataset';
import { DEFAULT_CRITERIA, MatchCriteria } from '../../../src/matching/criteria';
import { ratioToBest } from '../../../src/evaluation/eval-tables';
import { EvaluationSummary } from '../../../src/evaluation/metrics';

const active: MatchCriteria = {
  ...DEFAULT_CRITERIA,
  version: 3,
  status: 'active',
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'test',
  activatedAt: '2026-12-01T00:00:00.000Z',
  activatedBy: 'test',
};
const file = (content: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'pec-whatif-')), 'variant.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const row = (recall: number, ndcg: number) =>
  ({ recallAt10: recall, ndcgAt10: ndcg, economiesPerTop10: 5 }) as EvaluationSummary;

describe('npm run eval: what-ifs and strategies', () => {
  it('reads a list of criteria files and a list of strategies, and refuses an unknown strategy', () => {
    const args = parseEvalArgs([
      '--dataset',
      'd',
      '--criteria',
      'a.json,b.json',
      '--strategies',
      'engine,adamic-adar',
    ]);
    expect(args.criteria.map((f) => f.split('/').at(-1))).toEqual(['a.json', 'b.json']);
    expect(args.strategies).toEqual(['engine', 'adamic-adar']);
    expect(() => parseEvalArgs(['--strategies', 'engine,bm25'])).toThrow(/no strategy bm25/);
  });

  it('lays a file over the active criteria and leaves everything else as it was', () => {
    const variant = criteriaWhatIf(
      active,
      file({ weights: { experience: 0.5 }, rules: { activityBoost: 3 } }),
    );
    expect(variant.weights).toEqual({ ...active.weights, experience: 0.5 });
    expect(variant.rules).toEqual({ ...active.rules, activityBoost: 3 });
    expect(variant.version).toBe(3);
  });

  it('refuses a file naming a weight or rule that does not exist (a typo would measure nothing)', () => {
    expect(() =>
      criteriaWhatIf(active, file({ weights: { experiense: 1 }, rules: { mmr: 1 } })),
    ).toThrow(/unknown experiense, mmr/);
  });

  it('compares the engine with baselines only, never with its own what-if rows', () => {
    const rows = {
      engine: row(0.1, 0.1),
      'engine:boosted': row(0.5, 0.5),
      'bm25-full-text': row(0.08, 0.05),
    };
    expect(ratioToBest(rows, 'recallAt10')).toEqual({
      ratio: 0.1 / 0.08,
      baseline: 'bm25-full-text',
    });
  });
});
