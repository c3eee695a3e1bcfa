/** One labelled example: the score's parts (each in [0, 1]) and whether it was a good partner. */
export interface Example {
  x: readonly number[];
  y: 0 | 1;
  /** Examples of one subject share a group (for held-out folds and ranking metrics). */
  group: string;
}

export interface LogisticFit {
  /** One coefficient per feature (may be negative), and the intercept. */
  coefficients: number[];
  intercept: number;
  iterations: number;
}

/**
 * Logistic regression by batch gradient descent with a small L2 penalty, classes weighted so that a
 * few positives among many negatives still count. Deterministic (no sampling); features are in
 * [0, 1], so no scaling is needed. Small and explainable: a coefficient says how much a signal
 * raises the odds of a good partner.
 */
export function fitLogistic(
  examples: readonly Example[],
  options: { iterations?: number; learningRate?: number; l2?: number } = {},
): LogisticFit {
  const { iterations = 2000, learningRate = 0.5, l2 = 1e-3 } = options;
  const d = examples[0]?.x.length ?? 0;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const positives = examples.filter((e) => e.y === 1).length;
  const negatives = examples.length - positives;
  if (!positives || !negatives) return { coefficients: w, intercept: 0, iterations: 0 };
  const weightOf = (y: 0 | 1) =>
    y ? examples.length / (2 * positives) : examples.length / (2 * negatives);
  for (let t = 0; t < iterations; t++) {
    const grad = new Array<number>(d).fill(0);
    let gb = 0;
    for (const e of examples) {
      let z = b;
      for (let j = 0; j < d; j++) z += w[j] * e.x[j];
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - e.y) * weightOf(e.y);
      for (let j = 0; j < d; j++) grad[j] += g * e.x[j];
      gb += g;
    }
    for (let j = 0; j < d; j++) w[j] -= learningRate * (grad[j] / examples.length + l2 * w[j]);
    b -= (learningRate * gb) / examples.length;
  }
  return { coefficients: w, intercept: b, iterations };
}

/**
 * Criteria weights from coefficients: the engine's score is a weighted mean of the parts, so only
 * ratios matter; a signal that lowers the odds gets 0 (weights are never negative), the strongest
 * gets 1.
 */
export function weightsFromCoefficients(coefficients: readonly number[]): number[] {
  const top = Math.max(0, ...coefficients);
  if (top <= 0) return coefficients.map(() => 0);
  return coefficients.map((c) => Math.round((Math.max(0, c) / top) * 1000) / 1000);
}
