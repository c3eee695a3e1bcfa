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
  const g = graph.compact();
  const s = g.partyIndex.get(subject);
  // Without collaborations the walk never leaves the subject: all its mass stays there.
  if (s === undefined) return new Map([[subject, 1]]);
  const { collaborationsOfParty: ofParty, partiesOfCollaboration: ofCollaboration } = g;
  // Typed arrays indexed by party and collaboration; the frontier lists the parties holding mass,
  // in the order they first got it (so sums run in the same order every time).
  let mass = new Float64Array(g.parties.length);
  let next = new Float64Array(g.parties.length);
  const visits = new Float64Array(g.parties.length);
  const visited: number[] = [];
  const atCollaboration = new Float64Array(g.collaborations);
  let frontier = [s];
  mass[s] = 1;
  for (let t = 0; t < iterations && frontier.length; t++) {
    const touched: number[] = [];
    let dangling = 0;
    for (const p of frontier) {
      const x = mass[p];
      if (visits[p] === 0) visited.push(p);
      visits[p] += alpha * x;
      const from = ofParty.start[p];
      const to = ofParty.start[p + 1];
      if (from === to) {
        dangling += (1 - alpha) * x; // nowhere to go: the walk restarts at the subject
        continue;
      }
      const share = ((1 - alpha) * x) / (to - from);
      for (let i = from; i < to; i++) {
        const c = ofParty.values[i];
        if (atCollaboration[c] === 0) touched.push(c);
        atCollaboration[c] += share;
      }
    }
    const reached: number[] = [];
    if (dangling) {
      next[s] = dangling;
      reached.push(s);
    }
    for (const c of touched) {
      const x = atCollaboration[c];
      atCollaboration[c] = 0;
      const from = ofCollaboration.start[c];
      const to = ofCollaboration.start[c + 1];
      const share = x / (to - from);
      if (share < epsilon) continue;
      for (let i = from; i < to; i++) {
        const p = ofCollaboration.values[i];
        if (next[p] === 0) reached.push(p);
        next[p] += share;
      }
    }
    for (const p of frontier) mass[p] = 0;
    [mass, next] = [next, mass];
    frontier = reached;
  }
  for (const p of frontier) {
    if (visits[p] === 0) visited.push(p);
    visits[p] += mass[p];
  }
  return new Map(visited.map((p) => [g.parties[p], visits[p]]));
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
