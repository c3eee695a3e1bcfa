/** Offline ranking metrics with binary relevance. */
export function recallAtK(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number {
  if (!relevant.size) return 0;
  return ranked.slice(0, k).filter((x) => relevant.has(x)).length / relevant.size;
}

export function ndcgAtK(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number {
  const dcg = ranked
    .slice(0, k)
    .reduce((s, x, i) => s + (relevant.has(x) ? 1 / Math.log2(i + 2) : 0), 0);
  const ideal = Array.from(
    { length: Math.min(k, relevant.size) },
    (_, i) => 1 / Math.log2(i + 2),
  ).reduce((s, x) => s + x, 0);
  return ideal ? dcg / ideal : 0;
}

/** 1 / rank of the first relevant item within the top k (0 when none). */
export function reciprocalRank(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number {
  const i = ranked.slice(0, k).findIndex((x) => relevant.has(x));
  return i < 0 ? 0 : 1 / (i + 1);
}

export const mean = (xs: readonly number[]) =>
  xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;

export interface EvaluationSummary {
  subjects: number;
  recallAt10: number;
  ndcgAt10: number;
  mrr: number;
  /** Distinct economies in a top-10 list, on average. */
  economiesPerTop10: number;
  /** Share of lists with ≥ 4 economies among those whose candidates span ≥ 4 economies. */
  listsWith4Economies: number;
  /** Distinct partners suggested over all lists / partners in the catalogue. */
  catalogueCoverage: number;
}

export function summarise(
  runs: readonly {
    ranked: readonly string[];
    relevant: ReadonlySet<string>;
    economies: readonly string[];
    candidateEconomies: number;
  }[],
  catalogueSize: number,
): EvaluationSummary {
  const eligible = runs.filter((r) => r.candidateEconomies >= 4);
  const suggested = new Set(runs.flatMap((r) => r.ranked.slice(0, 10)));
  return {
    subjects: runs.length,
    recallAt10: mean(runs.map((r) => recallAtK(r.ranked, r.relevant, 10))),
    ndcgAt10: mean(runs.map((r) => ndcgAtK(r.ranked, r.relevant, 10))),
    mrr: mean(runs.map((r) => reciprocalRank(r.ranked, r.relevant, 10))),
    economiesPerTop10: mean(runs.map((r) => new Set(r.economies.slice(0, 10)).size)),
    listsWith4Economies: eligible.length
      ? eligible.filter((r) => new Set(r.economies.slice(0, 10)).size >= 4).length / eligible.length
      : 1,
    catalogueCoverage: catalogueSize ? suggested.size / catalogueSize : 0,
  };
}

/** A deterministic shuffle (mulberry32), for the random baseline. */
export function seededShuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
