import type { Schemas } from './client';

/**
 * The cooperation areas, in the API's order. The generated types give their names but no runtime
 * list; `satisfies` makes the compiler refuse a name the API does not know.
 */
export const AREAS = [
  'trade',
  'investment',
  'joint_rd',
  'hr_exchange',
  'training',
  'visibility',
] as const satisfies readonly Schemas['CreateItemDto']['area'][];

export type Area = (typeof AREAS)[number];
