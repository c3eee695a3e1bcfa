import {
  CriteriaContent,
  DEFAULT_CRITERIA,
  FEATURES,
  withDefaults,
} from '../../../src/matching/criteria';

/**
 * A version stored before a signal existed lacks its weight (and a rule may be missing too). Read
 * as stored, the weighted mean became NaN, NaN failed minScore, and every list came out empty.
 */
describe('stored criteria are read over the defaults', () => {
  const older = {
    weights: { reciprocity: 0.5, semanticFit: 0.2 },
    rules: { listSize: 7 },
    note: 'a version from before the graph signals',
  } as unknown as CriteriaContent;

  it('fills every missing weight and rule from the defaults, keeping what was stored', () => {
    const read = withDefaults(older);
    for (const f of FEATURES) expect(Number.isFinite(read.weights[f])).toBe(true);
    expect(read.weights.reciprocity).toBe(0.5);
    expect(read.weights.semanticFit).toBe(0.2);
    expect(read.weights.experience).toBe(DEFAULT_CRITERIA.weights.experience);
    expect(read.rules.listSize).toBe(7);
    expect(read.rules.minScore).toBe(DEFAULT_CRITERIA.rules.minScore);
    expect(read.rules.knownPartners).toBe(DEFAULT_CRITERIA.rules.knownPartners);
  });

  it('keeps an older version ranking as it did: a multiplying rule it never had stays off', () => {
    expect(DEFAULT_CRITERIA.rules.activityBoost).toBeGreaterThan(0);
    expect(withDefaults(older).rules.activityBoost).toBe(0);
    const newer = { ...older, rules: { ...older.rules, activityBoost: 2 } };
    expect(withDefaults(newer).rules.activityBoost).toBe(2);
  });

  it('keeps an older version ranking as it did: a signal added since weighs 0 until set', () => {
    expect(DEFAULT_CRITERIA.weights.similarWork).toBeGreaterThan(0);
    expect(withDefaults(older).weights.similarWork).toBe(0);
    const newer = { ...older, weights: { ...older.weights, similarWork: 0.4 } };
    expect(withDefaults(newer).weights.similarWork).toBe(0.4);
    expect(withDefaults(DEFAULT_CRITERIA)).toEqual(DEFAULT_CRITERIA);
  });

  it('ignores weights of signals that no longer exist', () => {
    const read = withDefaults({
      ...older,
      weights: { ...older.weights, retiredSignal: 1 },
    } as unknown as CriteriaContent);
    expect(Object.keys(read.weights).sort()).toEqual([...FEATURES].sort());
  });
});
