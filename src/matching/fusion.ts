/**
 * Reciprocal rank fusion (Cormack et al. 2009): each channel contributes 1 / (k + rank) for every
 * item it ranks, so an item ranked well by several channels rises, and no channel's raw score
 * scale matters.
 */
export function reciprocalRankFusion(
  rankings: readonly (readonly string[])[],
  k = 60,
): Map<string, number> {
  const fused = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, index) => fused.set(id, (fused.get(id) ?? 0) + 1 / (k + index + 1)));
  }
  return fused;
}

/** Orders keys by descending score (ties by key, for stable output). */
export function byScore(scores: ReadonlyMap<string, number>): string[] {
  return [...scores.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key]) => key);
}
