import { runEvaluation } from '../../src/cli/eval.cli';
import { MODEL_ENV } from '../support/model';

describe('offline evaluation on the labelled set (seeds/eval)', () => {
  it('ranks known good partners better than every single-signal baseline, with diverse lists', async () => {
    const r = await runEvaluation(MODEL_ENV);
    const baselines = [r.random, r['keyword-only'], r['vector-only']];
    const bestNdcg = Math.max(...baselines.map((b) => b.ndcgAt10));
    const bestRecall = Math.max(...baselines.map((b) => b.recallAt10));
    const bestMrr = Math.max(...baselines.map((b) => b.mrr));
    expect(r.engine.subjects).toBeGreaterThanOrEqual(70);
    // A clear margin on ranking quality (nDCG, MRR); never below the best baseline on recall.
    expect(r.engine.ndcgAt10).toBeGreaterThanOrEqual(bestNdcg * 1.08);
    expect(r.engine.mrr).toBeGreaterThanOrEqual(bestMrr * 1.08);
    expect(r.engine.recallAt10).toBeGreaterThanOrEqual(bestRecall);
    expect(r.engine.economiesPerTop10).toBeGreaterThanOrEqual(4);
    expect(r.engine.listsWith4Economies).toBe(1);
  }, 120000);
});
