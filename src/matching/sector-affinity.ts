import affinity from '../../seeds/sectors/sector-affinity.json';
import { sectorByCode, sectorLineage } from '../sectors/sector-catalog';

/**
 * How related two sets of ISIC codes are, in [0, 1]: the best pair, where a pair scores by the
 * deepest level they share (same class 1, group 0.85, division 0.7, section 0.35) or by the US
 * Cluster Mapping relatedness prior between their divisions (seeds/sectors/sector-affinity.json,
 * scaled by 0.8 so that a related division never beats the same division), whichever is higher.
 */
const LEVEL_SCORE: Record<string, number> = { class: 1, group: 0.85, division: 0.7, section: 0.35 };
const PRIOR_SCALE = 0.8;

const prior = new Map<string, number>();
for (const p of (affinity as { pairs: { a: string; b: string; affinity: number }[] }).pairs) {
  prior.set(`${p.a}|${p.b}`, p.affinity);
  prior.set(`${p.b}|${p.a}`, p.affinity);
}

function divisionOf(code: string): string | undefined {
  return sectorLineage(code).find((c) => sectorByCode(c)?.level === 'division');
}

export interface SectorMatch {
  score: number;
  /** The shared code (deepest common ancestor) or related divisions behind the score. */
  shared?: string;
  related?: [string, string];
  /** Either side's code was inferred from its text (the score is weighted by the confidence). */
  inferred?: boolean;
}

export function sectorPairAffinity(a: string, b: string): SectorMatch {
  const la = sectorLineage(a);
  const lb = new Set(sectorLineage(b));
  const common = la.find((c) => lb.has(c));
  const hierarchy = common ? (LEVEL_SCORE[sectorByCode(common)!.level] ?? 0) : 0;
  const da = divisionOf(a);
  const db = divisionOf(b);
  const related = da && db && da !== db ? (prior.get(`${da}|${db}`) ?? 0) * PRIOR_SCALE : 0;
  if (hierarchy >= related) return common ? { score: hierarchy, shared: common } : { score: 0 };
  return { score: related, related: [da!, db!] };
}

export function sectorAffinity(a: readonly string[], b: readonly string[]): SectorMatch {
  let best: SectorMatch = { score: 0 };
  for (const x of a)
    for (const y of b) {
      const m = sectorPairAffinity(x, y);
      if (m.score > best.score) best = m;
    }
  return best;
}

/**
 * Sector affinity over weighted codes: given sectors weigh 1, inferred ones their confidence, and a
 * pair scores its affinity times both weights, so a guess counts only as much as it is sure.
 */
export function weightedSectorAffinity(
  a: readonly { code: string; weight: number }[],
  b: readonly { code: string; weight: number }[],
): SectorMatch {
  let best: SectorMatch = { score: 0 };
  for (const x of a)
    for (const y of b) {
      const m = sectorPairAffinity(x.code, y.code);
      const score = m.score * x.weight * y.weight;
      if (score > best.score)
        best = { ...m, score, ...(x.weight < 1 || y.weight < 1 ? { inferred: true } : {}) };
    }
  return best;
}
