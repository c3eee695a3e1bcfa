/**
 * A sector the service inferred from a record's text because the registry gave none: an ISIC
 * code and how sure the inference is, in [0, 1]. Never overwrites given sectors.
 */
export interface InferredSector {
  code: string;
  confidence: number;
}

/** The sectors a record counts as having, each with a weight: given ones 1, inferred ones their confidence. */
export function weightedSectors(
  given: readonly string[],
  inferred: readonly InferredSector[] = [],
): { code: string; weight: number }[] {
  if (given.length) return given.map((code) => ({ code, weight: 1 }));
  return inferred.map((s) => ({ code: s.code, weight: s.confidence }));
}
