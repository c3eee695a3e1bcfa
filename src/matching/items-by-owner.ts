import { ItemHeader } from '../items/item';

/**
 * The active needs and offers of candidate partners, as the store gave them, kept between
 * subjects: the same experienced parties are candidates of nearly every subject, and reading their
 * items again for each one was a quarter of a subject's matching. Dropped party by party when the
 * index replica applies a change to that party or one of its items (so a candidate is at most as
 * far behind the store as its vectors are), all at once when the day changes (validity is by
 * day) or the replica rebuilt. A read that a change overtook is not kept.
 */
export class ItemsByOwner {
  private readonly byOwner = new Map<string, readonly ItemHeader[]>();
  private day = '';
  private items = 0;
  /** Bumped by every drop: a read begun before one is not kept. */
  private generation = 0;

  constructor(private readonly maxItems = 200_000) {}

  /** The cached items of each of `keys` on `today`, and the keys that must be read. */
  lookup(
    keys: readonly string[],
    today: string,
  ): { found: Map<string, readonly ItemHeader[]>; missing: string[]; generation: number } {
    if (today !== this.day) {
      this.clear();
      this.day = today;
    }
    const found = new Map<string, readonly ItemHeader[]>();
    const missing: string[] = [];
    for (const key of keys) {
      const items = this.byOwner.get(key);
      if (items) found.set(key, items);
      else missing.push(key);
    }
    return { found, missing, generation: this.generation };
  }

  /** Keeps what a read begun at `generation` returned, unless a change came in meanwhile. */
  keep(read: ReadonlyMap<string, readonly ItemHeader[]>, today: string, generation: number): void {
    if (generation !== this.generation || today !== this.day) return;
    for (const [key, items] of read) {
      if (this.items + items.length > this.maxItems) this.clear();
      this.byOwner.set(key, items);
      this.items += items.length;
    }
  }

  drop(parties: readonly string[] | 'all'): void {
    this.generation += 1;
    if (parties === 'all') return this.clear();
    for (const key of parties) {
      const items = this.byOwner.get(key);
      if (!items) continue;
      this.items -= items.length;
      this.byOwner.delete(key);
    }
  }

  private clear(): void {
    this.generation += 1;
    this.byOwner.clear();
    this.items = 0;
  }
}
