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
  'textSimilarity',
  'similarWork',
  'profileSimilarity',
  'sharedPartners',
  'networkProximity',
  'experience',
] as const;
export type Feature = (typeof FEATURES)[number];

export const KNOWN_PARTNER_RULES = ['include', 'demote', 'exclude'] as const;
export type KnownPartnersRule = (typeof KNOWN_PARTNER_RULES)[number];

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
  /** Candidates scored at most (the fused channels' best). */
  poolSize: number;
  /**
   * Past partners (a collaboration, an accepted introduction): suggested like anyone
   * ('include', shown as known partners), ranked lower ('demote'), or never ('exclude').
   */
  knownPartners: KnownPartnersRule;
  /** MMR trade-off: 1 = score only, 0 = diversity only. */
  mmrLambda: number;
  /** At most this many suggestions from one economy (null: no cap). */
  perEconomyCap: number | null;
  /**
   * Candidates whose fit (the weighted mean, before activityBoost multiplies it) is below this are
   * not suggested: a party with no record yet is ranked lower, never dropped for it.
   */
  minScore: number;
  freshnessHalfLifeDays: number;
  /** How much profile similarity counts as interest when no need/offer pair speaks. */
  profileWeight: number;
  /** Cosine below which a need/offer pair is not evidence of fit. */
  fitFloor: number;
  /**
   * How much a candidate's track record multiplies its fit (0: off): score = fit × (1 + b·e) /
   * (1 + b), e the candidate's experience in [0, 1]. Only where the registry has collaborations.
   */
  activityBoost: number;
}

export interface CriteriaContent {
  weights: Record<Feature, number>;
  rules: CriteriaRules;
  note: string;
}

/**
 * A stored version over the current defaults: a version saved before a signal or rule existed gets
 * the default for it, so adding a signal can never leave a weight undefined (NaN scores would fail
 * `minScore` and empty every list).
 */
export function withDefaults<T extends CriteriaContent>(stored: T): T {
  const known = <V>(defaults: Record<string, V>, given: Record<string, unknown>) =>
    Object.fromEntries(
      Object.keys(defaults).map((k) => [k, given[k] === undefined ? defaults[k] : given[k]]),
    );
  return {
    ...stored,
    weights: known(
      { ...DEFAULT_CRITERIA.weights, ...WEIGHTS_BEFORE_THEY_EXISTED },
      {
        ...stored.weights,
      },
    ),
    rules: known<unknown>(
      { ...DEFAULT_CRITERIA.rules, ...RULES_BEFORE_THEY_EXISTED },
      {
        ...stored.rules,
      },
    ),
  };
}

/**
 * Rules that change the ranking by multiplying it: a version saved before one existed keeps
 * ranking as it did when saved (the rule off), whatever the default for new versions is.
 */
const RULES_BEFORE_THEY_EXISTED: Partial<CriteriaRules> = { activityBoost: 0 };

/** Likewise signals that came after the first versions were stored (decision 48). */
const WEIGHTS_BEFORE_THEY_EXISTED: Partial<Record<Feature, number>> = { similarWork: 0 };

export interface MatchCriteria extends CriteriaContent {
  version: number;
  status: 'draft' | 'active' | 'retired';
  createdAt: string;
  createdBy: string;
  activatedAt: string | null;
  activatedBy: string | null;
}

export const DEFAULT_CRITERIA: CriteriaContent = {
  // Chosen on the real-data dev set together with the planted set (docs/decisions.md §30, §37,
  // §48). The track record (experience) multiplies the fit through activityBoost and is not also
  // part of it: weight 0 here.
  weights: {
    reciprocity: 0.1,
    semanticFit: 0.3,
    sectorAffinity: 0.06,
    areaFit: 0.08,
    languageFit: 0.07,
    targetPreference: 0.3,
    freshness: 0.04,
    feedback: 0.09,
    keywordFit: 0.3,
    consensus: 0.2,
    textSimilarity: 0.75,
    similarWork: 0.75,
    profileSimilarity: 0.32,
    sharedPartners: 0.2,
    networkProximity: 0,
    experience: 0,
  },
  rules: {
    allowSameEconomy: false,
    respectTargetEconomies: true,
    listSize: 10,
    poolFactor: 5,
    channelK: 30,
    poolSize: 200,
    knownPartners: 'include',
    mmrLambda: 1,
    perEconomyCap: 3,
    minScore: 0.2,
    freshnessHalfLifeDays: 180,
    profileWeight: 0.8,
    fitFloor: 0.2,
    activityBoost: 1,
  },
  note: 'Initial criteria: full text and similar work, need/offer fit, keywords and channel agreement, shared partners on the collaboration graph, the track record multiplying the fit; then targets, areas, languages, sectors.',
};
