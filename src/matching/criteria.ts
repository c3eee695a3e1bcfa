/** The signals a suggestion's score is made of; operators weight them in the match criteria. */
export const FEATURES = [
  'reciprocity',
  'semanticFit',
  'sectorAffinity',
  'areaFit',
  'languageFit',
  'targetPreference',
  'freshness',
  'feedback',
  'keywordFit',
  'consensus',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface CriteriaRules {
  /** Suggest partners from the subject's own economy too (default: other economies only). */
  allowSameEconomy: boolean;
  /** Honour target-economy lists of needs and offers, both ways. */
  respectTargetEconomies: boolean;
  /** Suggestions per subject. */
  listSize: number;
  /** Candidates scored = listSize × poolFactor (the pool MMR re-ranks). */
  poolFactor: number;
  /** Hits asked of each retrieval channel per query. */
  channelK: number;
  /** MMR trade-off: 1 = score only, 0 = diversity only. */
  mmrLambda: number;
  /** At most this many suggestions from one economy (null: no cap). */
  perEconomyCap: number | null;
  /** Candidates scoring below this are not suggested. */
  minScore: number;
  freshnessHalfLifeDays: number;
  /** How much profile similarity counts as interest when no need/offer pair speaks. */
  profileWeight: number;
  /** Cosine below which a need/offer pair is not evidence of fit. */
  fitFloor: number;
}

export interface CriteriaContent {
  weights: Record<Feature, number>;
  rules: CriteriaRules;
  note: string;
}

export interface MatchCriteria extends CriteriaContent {
  version: number;
  status: 'draft' | 'active' | 'retired';
  createdAt: string;
  createdBy: string;
  activatedAt: string | null;
  activatedBy: string | null;
}

export const DEFAULT_CRITERIA: CriteriaContent = {
  // Chosen on half of the labelled set (seeds/eval), checked on the other half: docs/decisions.md §16.
  weights: {
    reciprocity: 0.2,
    semanticFit: 0.15,
    sectorAffinity: 0.06,
    areaFit: 0.08,
    languageFit: 0.07,
    targetPreference: 0.08,
    freshness: 0.04,
    feedback: 0.08,
    keywordFit: 0.25,
    consensus: 0.3,
  },
  rules: {
    allowSameEconomy: false,
    respectTargetEconomies: true,
    listSize: 10,
    poolFactor: 5,
    channelK: 30,
    mmrLambda: 0.8,
    perEconomyCap: 3,
    minScore: 0.2,
    freshnessHalfLifeDays: 180,
    profileWeight: 0.8,
    fitFloor: 0.2,
  },
  note: 'Initial criteria: channel agreement, keywords and reciprocal need/offer fit first; then areas, targets, languages, sectors.',
};
