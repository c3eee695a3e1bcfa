import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Dataset, Filter } from '../data';

/** One search-time setting of a peer (e.g. ef=64), cheapest first in settings(). */
export interface Setting {
  label: string;
  [knob: string]: string | number | undefined;
}

/**
 * What the benchmark needs from a vector library. search() may be sync or async; it returns row
 * numbers (0..n-1) closest first. A peer that cannot filter natively must still honour `filter`
 * (e.g. by over-fetching and post-filtering) and say so in filterHow.
 */
export interface Peer {
  readonly name: string;
  /** npm package name@version actually loaded. */
  readonly packages: string[];
  /** Index type and build parameters, for the tables. */
  readonly indexKind: string;
  /** How filters are applied. */
  readonly filterHow: string;
  /** Notes for the report (threads used, caveats). */
  readonly notes: string[];
  build(ds: Dataset, dir: string): Promise<void>;
  settings(): Setting[];
  use(s: Setting, dir: string): Promise<void>;
  search(q: Float32Array, k: number, filter?: Filter): number[] | Promise<number[]>;
  /** Persist to dir (if not already persistent); returns bytes on disk of the snapshot. */
  save(dir: string): Promise<number>;
  /** Drop in-memory state and reopen from the snapshot in dir (timed by the runner). */
  reopen(dir: string): Promise<void>;
  close(): Promise<void>;
}

export function pkgVersion(name: string): string {
  // Walk up from the resolved entry point (some packages do not export ./package.json).
  let dir = dirname(require.resolve(name));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pj = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pj.name === name) return `${name}@${pj.version}`;
    }
    const up = dirname(dir);
    if (up === dir) return `${name}@?`;
    dir = up;
  }
}

export function duBytes(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  let sum = 0;
  for (const e of readdirSync(path)) sum += duBytes(join(path, e));
  return sum;
}

/** Allowed-row predicate for a filter, over the economy column. */
export function predicate(economy: Uint8Array, filter?: Filter): ((row: number) => boolean) | undefined {
  if (!filter) return undefined;
  const [a, b] = filter.economies;
  if (filter.kind === 'exclude')
    return filter.economies.length === 1 ? (r) => economy[r] !== a : (r) => !filter.economies.includes(economy[r]);
  return filter.economies.length === 2 ? (r) => economy[r] === a || economy[r] === b : (r) => filter.economies.includes(economy[r]);
}

/** Fraction of rows a filter keeps (uniform economies), for over-fetching peers. */
export function keptFraction(economyCount: number, filter?: Filter): number {
  if (!filter) return 1;
  const f = filter.economies.length / economyCount;
  return filter.kind === 'exclude' ? 1 - f : f;
}

export const EF_LIST = [10, 16, 24, 32, 48, 64, 96, 128, 256];
