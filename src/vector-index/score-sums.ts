/**
 * Per-document score sums of one BM25 query, by dense document id: a typed array and the ids in
 * the order they were first touched (the order a Map would keep). A query walks thousands of
 * postings; a Map's get and set on each cost several times this. Reused from query to query, so
 * one instance serves one index, and a query must `collect` before the next one starts (queries
 * are synchronous).
 */
export class ScoreSums {
  private sums = new Float64Array(1024);
  private seen = new Uint8Array(1024);
  private readonly touched: number[] = [];

  /** Starts a query over ids below `size` (clearing what a query that failed midway left). */
  reset(size: number): void {
    this.clear();
    if (this.sums.length < size) {
      const capacity = Math.max(size, this.sums.length * 2);
      this.sums = new Float64Array(capacity);
      this.seen = new Uint8Array(capacity);
    }
  }

  add(id: number, score: number): void {
    if (!this.seen[id]) {
      this.seen[id] = 1;
      this.touched.push(id);
    }
    this.sums[id] += score;
  }

  /** Each touched id with its sum, first touched first; leaves the sums clear for the next query. */
  collect<T>(f: (id: number, score: number) => T | undefined): T[] {
    const out: T[] = [];
    try {
      for (const id of this.touched) {
        const x = f(id, this.sums[id]);
        if (x !== undefined) out.push(x);
      }
    } finally {
      this.clear();
    }
    return out;
  }

  private clear(): void {
    for (const id of this.touched) {
      this.sums[id] = 0;
      this.seen[id] = 0;
    }
    this.touched.length = 0;
  }
}
