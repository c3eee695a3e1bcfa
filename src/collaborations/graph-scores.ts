import { CollaborationGraph } from './collaboration-graph';

/**
 * Link-prediction scores over the collaboration graph, for one subject: who it is likely to work
 * with next. Plain functions; each returns scores for the parties it reaches (others are 0).
 */

/**
 * Adamic–Adar (Adamic & Adar 2003): partners of partners, each shared partner z counting
 * 1 / ln(degree z), so a selective shared partner says more than a hub that works with everyone.
 */
export function adamicAdar(graph: CollaborationGraph, subject: string): Map<string, number> {
  const scores = new Map<string, number>();
  for (const z of graph.neighbours(subject).keys()) {
    const degree = graph.degree(z);
    if (degree < 2) continue;
    const w = 1 / Math.log(degree);
    for (const j of graph.neighbours(z).keys())
      if (j !== subject) scores.set(j, (scores.get(j) ?? 0) + w);
  }
  return scores;
}

export interface PageRankOptions {
  /** Restart probability at every party step. */
  alpha: number;
  iterations: number;
  /** Mass below this is dropped, so the walk stays local (cost grows with what it reaches). */
  epsilon: number;
}

export const PAGE_RANK_DEFAULTS: PageRankOptions = { alpha: 0.15, iterations: 20, epsilon: 1e-7 };

/**
 * Personalised PageRank (random walk with restart) on the bipartite party–collaboration graph: a
 * walker at a party moves to one of its collaborations, then to one of that collaboration's
 * parties, and restarts at the subject with probability alpha at each party step. A large
 * consortium spreads its mass over many parties, so hubs and big projects are normalised by
 * construction. Returns the visit probabilities (the subject's own included).
 */
export function personalisedPageRank(
  graph: CollaborationGraph,
  subject: string,
  options: PageRankOptions = PAGE_RANK_DEFAULTS,
): Map<string, number> {
  const { alpha, iterations, epsilon } = options;
  const visits = new Map<string, number>();
  let mass = new Map<string, number>([[subject, 1]]);
  for (let t = 0; t < iterations && mass.size; t++) {
    const atCollaboration = new Map<string, number>();
    let dangling = 0;
    for (const [party, x] of mass) {
      visits.set(party, (visits.get(party) ?? 0) + alpha * x);
      const collaborations = graph.collaborationsOf(party);
      if (!collaborations.length) {
        dangling += (1 - alpha) * x; // nowhere to go: the walk restarts at the subject
        continue;
      }
      const share = ((1 - alpha) * x) / collaborations.length;
      for (const c of collaborations) atCollaboration.set(c, (atCollaboration.get(c) ?? 0) + share);
    }
    const next = new Map<string, number>();
    if (dangling) next.set(subject, dangling);
    for (const [c, x] of atCollaboration) {
      const parties = graph.partiesOf(c);
      const share = x / parties.length;
      if (share < epsilon) continue;
      for (const p of parties) next.set(p, (next.get(p) ?? 0) + share);
    }
    mass = next;
  }
  for (const [party, x] of mass) visits.set(party, (visits.get(party) ?? 0) + x);
  return visits;
}

/** The subject's past partners, by how often they worked together (then the latest first). */
export function pastPartners(graph: CollaborationGraph, subject: string): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [partner, edge] of graph.neighbours(subject)) {
    const latest = edge.collaborations[0]?.startDate ?? '';
    // Ties on the count are broken by recency: a fraction below 1 that grows with the date.
    const recency = latest ? Date.parse(`${latest}T00:00:00Z`) / 1e15 : 0;
    scores.set(partner, edge.count + Math.min(0.99, Math.max(0, recency)));
  }
  return scores;
}
