import { CollaborationGraph } from '../collaborations/collaboration-graph';
import { Retrieval } from './candidate-retrieval';
import { CandidateSignals, NetworkEvidence } from './scoring';

/**
 * Turns what the channels found into signals in [0, 1], relative to the best candidate in the
 * pool: raw scores differ in scale from one subject to another (a long profile has larger BM25
 * scores, a well-connected one larger graph scores). Graph scores and activity are log-scaled
 * first, so one very connected party does not flatten everyone else.
 */
export function poolSignals(
  retrieval: Retrieval,
  pool: readonly string[],
  graph: CollaborationGraph,
): { of(key: string): CandidateSignals } {
  const n = Math.max(2, graph.parties);
  const raw = {
    keyword: (k: string) => retrieval.keyword.get(k) ?? 0,
    consensus: (k: string) => retrieval.fused.get(k) ?? 0,
    text: (k: string) => retrieval.text.get(k) ?? 0,
    work: (k: string) => retrieval.work.get(k)?.score ?? 0,
    sharedPartners: (k: string) => Math.log1p(retrieval.sharedPartners.get(k) ?? 0),
    proximity: (k: string) => Math.log1p(n * (retrieval.proximity.get(k) ?? 0)),
    experience: (k: string) => Math.log1p(graph.collaborationsOf(k).length),
  };
  const max = Object.fromEntries(
    Object.entries(raw).map(([name, f]) => [name, Math.max(0, ...pool.map(f)) || 1]),
  ) as Record<keyof typeof raw, number>;
  const known = retrieval.known;
  return {
    of: (key) => ({
      keyword: raw.keyword(key) / max.keyword,
      consensus: raw.consensus(key) / max.consensus,
      text: raw.text(key) / max.text,
      work: raw.work(key) / max.work,
      workRecord: retrieval.work.get(key)?.record,
      sharedPartners: raw.sharedPartners(key) / max.sharedPartners,
      proximity: raw.proximity(key) / max.proximity,
      experience: raw.experience(key) / max.experience,
      knownPartner: known.has(key),
    }),
  };
}

/**
 * What the graph says about a pair, for the explanation: a past collaboration (the latest), and
 * the shared partners that count most (the most selective first: fewest partners of their own).
 */
export function networkEvidence(
  graph: CollaborationGraph,
  subject: string,
  partner: string,
): NetworkEvidence {
  const direct = graph.neighbours(subject).get(partner);
  const mine = graph.neighbours(subject);
  const via = [...graph.neighbours(partner).keys()]
    .filter((z) => mine.has(z))
    .sort((a, b) => graph.degree(a) - graph.degree(b) || (a < b ? -1 : 1))
    .slice(0, 2)
    .map((key) => ({ key }));
  const latest = direct?.collaborations[0];
  return {
    known: !!direct,
    together: latest ? { title: latest.title, startDate: latest.startDate } : undefined,
    via,
  };
}
