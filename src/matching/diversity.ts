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
  return similarity(prepared(a), prepared(b));
}

interface Prepared {
  item: DiversityItem;
  divisions: Set<string>;
}

const prepared = (item: DiversityItem): Prepared => ({
  item,
  divisions: new Set(item.sectors.map((c) => (/^\d/.test(c) ? c.slice(0, 2) : c))),
});

function similarity(a: Prepared, b: Prepared): number {
  let shared = 0;
  for (const d of a.divisions) if (b.divisions.has(d)) shared += 1;
  const union = a.divisions.size + b.divisions.size - shared;
  return (
    0.5 * (a.item.economy === b.item.economy ? 1 : 0) +
    0.3 * Math.max(0, cosine(a.item.profileVector, b.item.profileVector)) +
    0.2 * (shared / (union || 1))
  );
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): picks, one at a time, the candidate
 * with the best λ·score − (1−λ)·(similarity to those already picked), never more than `cap` from
 * one economy, so a list is not ten clusters from one economy or one sector. Each candidate's
 * redundancy (its greatest similarity to a picked one) is updated with the latest pick only, so a
 * list costs size × pool similarities, not size² × pool.
 */
export function diversify<T extends DiversityItem>(
  pool: readonly T[],
  size: number,
  lambda: number,
  cap: number | null,
): T[] {
  const chosen: T[] = [];
  const perEconomy = new Map<string, number>();
  const left = [...pool]
    .sort((a, b) => b.score - a.score)
    .map((item) => ({ ...prepared(item), item, redundancy: 0 }));
  while (chosen.length < size && left.length) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const c = left[i];
      if (cap !== null && (perEconomy.get(c.item.economy) ?? 0) >= cap) continue;
      const value = lambda * c.item.score - (1 - lambda) * c.redundancy;
      if (value > bestValue) {
        bestValue = value;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break;
    const [picked] = left.splice(bestIndex, 1);
    chosen.push(picked.item);
    perEconomy.set(picked.item.economy, (perEconomy.get(picked.item.economy) ?? 0) + 1);
    for (const c of left) c.redundancy = Math.max(c.redundancy, similarity(c, picked));
  }
  return chosen;
}
