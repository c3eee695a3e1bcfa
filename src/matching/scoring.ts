import { CriteriaContent, FEATURES, Feature } from './criteria';
import { InferredSector, weightedSectors } from '../sectors/inferred-sector';
import { SectorMatch, weightedSectorAffinity } from './sector-affinity';

/** A need or offer as the scorer sees it. */
export interface ItemView {
  id: string;
  kind: 'need' | 'offer';
  area: string;
  title: string;
  sectors: readonly string[];
  targetEconomies: readonly string[];
  updatedAt: string;
  /** One vector per chunk of its text; a pair of items scores by its best pair of chunks. */
  vectors: readonly Float32Array[];
}

/** A subject or a candidate partner: a cluster or a member, with its active needs and offers. */
export interface PartyView {
  key: string;
  type: 'cluster' | 'member';
  id: string;
  name: string;
  economy: string;
  clusterId: string;
  sectors: readonly string[];
  /** Used by sector affinity, weighted by their confidence, when it gives no sectors. */
  inferredSectors: readonly InferredSector[];
  languages: readonly string[];
  updatedAt: string;
  profileVector?: Float32Array;
  /** One direction for all the party writes: the mean of its needs' and offers' chunks (else its profile's). */
  centroid?: Float32Array;
  items: readonly ItemView[];
}

/** Profiles of partners the subject marked useful/saved, or not relevant/hidden. */
export interface FeedbackView {
  liked: readonly Float32Array[];
  dismissed: readonly Float32Array[];
}

export interface PairEvidence {
  direction: 'their_offer_for_your_need' | 'your_offer_for_their_need';
  yours: { id: string; title: string; kind: string; area: string };
  theirs: { id: string; title: string; kind: string; area: string };
  similarity: number;
}

export interface ScorePart {
  value: number;
  weight: number;
  contribution: number;
}

export interface ScoredCandidate {
  key: string;
  score: number;
  /** The weighted mean before the track record multiplies it: what `minScore` holds to. */
  fit: number;
  parts: Record<Feature, ScorePart>;
  interest: { subjectToCandidate: number; candidateToSubject: number };
  pairs: PairEvidence[];
  sector: SectorMatch;
  sharedLanguages: string[];
  /** The subject's items that name the candidate's economy as a target, and vice versa. */
  targeted: { byYou: boolean; byThem: boolean };
  /** What the collaboration graph says: a past partner, and shared partners (filled by the engine). */
  network: NetworkEvidence;
  /** Their need or offer most like the subject's work, when similar work speaks for them. */
  work?: { id: string; title: string; kind: 'need' | 'offer' };
}

export interface NetworkEvidence {
  known: boolean;
  /** Their latest collaboration, when they have one. */
  together?: { title: string; startDate: string | null };
  /** Partners they share, most telling first (names, when the engine resolved them). */
  via: { key: string; name?: string }[];
}

/** What retrieval and the collaboration graph say of one candidate, relative to the pool (pool-signals.ts). */
export interface CandidateSignals {
  /** The candidate's keyword-channel score, normalised to [0, 1] within the pool. */
  keyword: number;
  /** Agreement of the retrieval channels: its fused rank score, normalised to [0, 1] within the pool. */
  consensus: number;
  /** BM25 of the two whole texts, normalised to [0, 1] within the pool. */
  text: number;
  /** The candidate's needs and offers against what the subject writes (similar work), normalised within the pool. */
  work: number;
  /** The candidate's record that counted most in `work` (a record key, `item:<id>`). */
  workRecord?: string;
  /** Adamic–Adar on the collaboration graph, log-scaled and normalised within the pool. */
  sharedPartners: number;
  /** Personalised PageRank from the subject, log-scaled and normalised within the pool. */
  proximity: number;
  /** The candidate's collaborations, log-scaled and normalised within the pool. */
  experience: number;
  /** The two have worked together (a collaboration, an accepted introduction). */
  knownPartner: boolean;
}

export interface ScoringContext extends CandidateSignals {
  criteria: CriteriaContent;
  /** YYYY-MM-DD */
  today: string;
  feedback: FeedbackView;
  /**
   * Whether the registry has any collaboration history. Without it the network signals say
   * nothing about anyone, so their weights leave the mean instead of lowering every score.
   */
  networkKnown: boolean;
}

/** The signals read from the collaboration graph. */
export const NETWORK_FEATURES: readonly Feature[] = [
  'sharedPartners',
  'networkProximity',
  'experience',
];

/** Similar work (relative to the pool's best) from which the reason names their closest item. */
export const WORK_EVIDENCE = 0.5;

/** What a known partner's score is multiplied by under the rule 'demote'. */
export const KNOWN_PARTNER_DEMOTION = 0.5;

/** The best cosine over every pair of chunks (0 when either side has none). */
export function bestChunkSimilarity(
  a: readonly Float32Array[],
  b: readonly Float32Array[],
): number {
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, cosine(x, y));
  return best;
}

/** Cosine of two unit vectors (0 when either is missing). */
export function cosine(a: Float32Array | undefined, b: Float32Array | undefined): number {
  if (!a || !b || a.length !== b.length) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Harmonic mean: high only when both sides are high; one-sided interest scores low. */
export function harmonic(a: number, b: number): number {
  return a <= 0 || b <= 0 ? 0 : (2 * a * b) / (a + b);
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/** How well two cooperation areas go together (a need for training met by an HR exchange offer…). */
const AREA_AFFINITY: Record<string, number> = {
  'investment|trade': 0.6,
  'hr_exchange|training': 0.7,
  'joint_rd|training': 0.5,
  'hr_exchange|joint_rd': 0.5,
  'investment|joint_rd': 0.4,
  'trade|visibility': 0.5,
  'investment|visibility': 0.4,
};

export function areaCompatibility(a: string, b: string): number {
  if (a === b) return 1;
  return AREA_AFFINITY[[a, b].sort().join('|')] ?? 0.2;
}

/** Best need↔offer pairs from `needs` (one side) to `offers` (the other). */
function bestPairs(
  needs: readonly ItemView[],
  offers: readonly ItemView[],
  floor: number,
): { sim: number; need: ItemView; offer: ItemView }[] {
  const pairs: { sim: number; need: ItemView; offer: ItemView }[] = [];
  for (const need of needs) {
    let best: { sim: number; need: ItemView; offer: ItemView } | undefined;
    for (const offer of offers) {
      const sim = bestChunkSimilarity(need.vectors, offer.vectors);
      if (sim >= floor && (!best || sim > best.sim)) best = { sim, need, offer };
    }
    if (best) pairs.push(best);
  }
  return pairs.sort((a, b) => b.sim - a.sim);
}

const primary = (tag: string) => tag.split('-')[0].toLowerCase();

export function sharedLanguages(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b.map(primary));
  return [...new Set(a.map(primary))].filter((l) => other.has(l));
}

function targetDirection(from: readonly ItemView[], economy: string): number {
  const targeting = from.filter((i) => i.targetEconomies.length > 0);
  if (!targeting.length) return 0.5;
  return targeting.some((i) => i.targetEconomies.includes(economy)) ? 1 : 0.25;
}

function freshness(candidate: PartyView, today: string, halfLifeDays: number): number {
  const newest = [candidate.updatedAt, ...candidate.items.map((i) => i.updatedAt)].sort().at(-1)!;
  const ageDays = Math.max(0, (Date.parse(`${today}T00:00:00Z`) - Date.parse(newest)) / 86400000);
  return Math.pow(2, -ageDays / halfLifeDays);
}

function feedbackSignal(candidate: PartyView, feedback: FeedbackView): number {
  if (!candidate.profileVector || (!feedback.liked.length && !feedback.dismissed.length))
    return 0.5;
  const closest = (vs: readonly Float32Array[]) =>
    vs.reduce((m, v) => Math.max(m, cosine(candidate.profileVector, v)), 0);
  return clamp01(0.5 + 0.5 * (closest(feedback.liked) - closest(feedback.dismissed)));
}

/** Every signal of one candidate for one subject, weighted by the criteria. */
export function scoreCandidate(
  subject: PartyView,
  candidate: PartyView,
  ctx: ScoringContext,
): ScoredCandidate {
  const { rules, weights } = ctx.criteria;
  const kinds = (p: PartyView, kind: 'need' | 'offer') => p.items.filter((i) => i.kind === kind);
  const forYou = bestPairs(kinds(subject, 'need'), kinds(candidate, 'offer'), rules.fitFloor);
  const forThem = bestPairs(kinds(candidate, 'need'), kinds(subject, 'offer'), rules.fitFloor);
  const profile = clamp01(cosine(subject.profileVector, candidate.profileVector));
  const fitYou = forYou[0]?.sim ?? 0;
  const fitThem = forThem[0]?.sim ?? 0;
  const interest = {
    subjectToCandidate: clamp01(Math.max(fitYou, rules.profileWeight * profile)),
    candidateToSubject: clamp01(Math.max(fitThem, rules.profileWeight * profile)),
  };
  const areaScores = [
    forYou[0] && areaCompatibility(forYou[0].need.area, forYou[0].offer.area),
    forThem[0] && areaCompatibility(forThem[0].offer.area, forThem[0].need.area),
  ].filter((x): x is number => typeof x === 'number');
  const sector = weightedSectorAffinity(
    weightedSectors(subject.sectors, subject.inferredSectors),
    weightedSectors(candidate.sectors, candidate.inferredSectors),
  );
  const languages = sharedLanguages(subject.languages, candidate.languages);
  const targeted = {
    byYou: subject.items.some((i) => i.targetEconomies.includes(candidate.economy)),
    byThem: candidate.items.some((i) => i.targetEconomies.includes(subject.economy)),
  };
  const values: Record<Feature, number> = {
    reciprocity: harmonic(interest.subjectToCandidate, interest.candidateToSubject),
    semanticFit: clamp01(Math.max(fitYou, fitThem)),
    sectorAffinity: sector.score,
    areaFit: areaScores.length ? areaScores.reduce((s, x) => s + x, 0) / areaScores.length : 0.5,
    languageFit: languages.length
      ? 1
      : !subject.languages.length || !candidate.languages.length
        ? 0.5
        : 0,
    targetPreference:
      (targetDirection(subject.items, candidate.economy) +
        targetDirection(candidate.items, subject.economy)) /
      2,
    freshness: freshness(candidate, ctx.today, rules.freshnessHalfLifeDays),
    feedback: feedbackSignal(candidate, ctx.feedback),
    keywordFit: clamp01(ctx.keyword),
    consensus: clamp01(ctx.consensus),
    textSimilarity: clamp01(ctx.text),
    similarWork: clamp01(ctx.work),
    profileSimilarity: clamp01(cosine(subject.centroid, candidate.centroid)),
    sharedPartners: clamp01(ctx.sharedPartners),
    networkProximity: clamp01(ctx.proximity),
    experience: clamp01(ctx.experience),
  };
  const counted = (f: Feature) => ctx.networkKnown || !NETWORK_FEATURES.includes(f);
  const totalWeight = FEATURES.reduce((s, f) => s + (counted(f) ? weights[f] : 0), 0) || 1;
  // The track record multiplies the weighted mean (activityBoost); contributions are scaled with
  // it, so they still add up to the score.
  const boost = ctx.networkKnown ? rules.activityBoost : 0;
  const activity = (1 + boost * values.experience) / (1 + boost);
  const parts = Object.fromEntries(
    FEATURES.map((f) => [
      f,
      {
        value: round(values[f]),
        weight: weights[f],
        contribution: round(((weights[f] * values[f]) / totalWeight) * activity),
      },
    ]),
  ) as Record<Feature, ScorePart>;
  const demoted = ctx.knownPartner && rules.knownPartners === 'demote';
  const fit = FEATURES.reduce((s, f) => s + weights[f] * values[f], 0) / totalWeight;
  const score = round(fit * activity * (demoted ? KNOWN_PARTNER_DEMOTION : 1));
  const pairs: PairEvidence[] = [
    ...forYou.map((p) => ({
      direction: 'their_offer_for_your_need' as const,
      yours: brief(p.need),
      theirs: brief(p.offer),
      similarity: round(p.sim),
    })),
    ...forThem.map((p) => ({
      direction: 'your_offer_for_their_need' as const,
      yours: brief(p.offer),
      theirs: brief(p.need),
      similarity: round(p.sim),
    })),
  ].sort((a, b) => b.similarity - a.similarity);
  const named = new Set(pairs.map((p) => p.theirs.id));
  const workItem =
    weights.similarWork > 0 && values.similarWork >= WORK_EVIDENCE && ctx.workRecord
      ? candidate.items.find((i) => `item:${i.id}` === ctx.workRecord && !named.has(i.id))
      : undefined;
  return {
    key: candidate.key,
    score,
    fit: round(fit),
    parts,
    interest,
    pairs: pairs.slice(0, 4),
    sector,
    sharedLanguages: languages,
    targeted,
    network: { known: ctx.knownPartner, via: [] },
    work: workItem && { id: workItem.id, title: workItem.title, kind: workItem.kind },
  };
}

function brief(i: ItemView) {
  return { id: i.id, title: i.title, kind: i.kind, area: i.area };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
