import { cosine } from './scoring';

export interface DiversityItem {
  key: string;
  score: number;
  economy: string;
  sectors: readonly string[];
  profileVector?: Float32Array;
}

/** How alike two candidates are for diversity: same economy, similar profile, same divisions. */
export function candidateSimilarity(a: DiversityItem, b: DiversityItem): number {
  const divisions = (s: readonly string[]) =>
    new Set(s.map((c) => (/^\d/.test(c) ? c.slice(0, 2) : c)));
  const da = divisions(a.sectors);
  const db = divisions(b.sectors);
  const overlap = [...da].filter((d) => db.has(d)).length / (new Set([...da, ...db]).size || 1);
  return (
    0.5 * (a.economy === b.economy ? 1 : 0) +
    0.3 * Math.max(0, cosine(a.profileVector, b.profileVector)) +
    0.2 * overlap
  );
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): picks, one at a time, the candidate
 * with the best λ·score − (1−λ)·(similarity to those already picked), never more than `cap` from
 * one economy, so a list is not ten clusters from one economy or one sector.
 */
export function diversify<T extends DiversityItem>(
  pool: readonly T[],
  size: number,
  lambda: number,
  cap: number | null,
): T[] {
  const chosen: T[] = [];
  const perEconomy = new Map<string, number>();
  const left = [...pool].sort((a, b) => b.score - a.score);
  while (chosen.length < size && left.length) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const c = left[i];
      if (cap !== null && (perEconomy.get(c.economy) ?? 0) >= cap) continue;
      const redundancy = chosen.reduce((m, s) => Math.max(m, candidateSimilarity(c, s)), 0);
      const value = lambda * c.score - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break;
    const [picked] = left.splice(bestIndex, 1);
    chosen.push(picked);
    perEconomy.set(picked.economy, (perEconomy.get(picked.economy) ?? 0) + 1);
  }
  return chosen;
}
