import { stableStringify } from './text';

/** True when the two records agree on every listed field (order-sensitive for lists). */
export function sameFields<T extends object>(a: T, b: T, keys: readonly (keyof T)[]): boolean {
  return keys.every((k) => stableStringify(a[k] ?? null) === stableStringify(b[k] ?? null));
}
