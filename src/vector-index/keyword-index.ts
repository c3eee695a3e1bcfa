import { ScoreSums } from './score-sums';
import { tokenize } from './tokenize';

/** A document of the keyword channel: a profile or an item, with free text and extra terms. */
export interface KeywordDoc {
  key: string;
  text: string;
  /** Exact terms added as they are (sector codes `isic:26`, technologies). */
  terms?: readonly string[];
}

export interface KeywordHit {
  key: string;
  score: number;
}

const K1 = 1.2;
const B = 0.75;

/**
 * BM25 over an in-memory inverted index, so an exact term (a technology, a product, a sector
 * code) is never lost when the embeddings miss it. Documents can be added, replaced and removed.
 */
export class KeywordIndex {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly docTerms: (Map<string, number> | undefined)[] = [];
  private readonly lengths: number[] = [];
  private readonly keys: (string | undefined)[] = [];
  private readonly idOf = new Map<string, number>();
  private readonly free: number[] = [];
  private totalLength = 0;
  private readonly sums = new ScoreSums();

  get size(): number {
    return this.idOf.size;
  }

  upsert(doc: KeywordDoc): void {
    this.remove(doc.key);
    const counts = new Map<string, number>();
    for (const t of [...tokenize(doc.text), ...(doc.terms ?? []).map((t) => t.toLowerCase())])
      counts.set(t, (counts.get(t) ?? 0) + 1);
    const id = this.free.pop() ?? this.keys.length;
    this.keys[id] = doc.key;
    this.idOf.set(doc.key, id);
    this.docTerms[id] = counts;
    const length = [...counts.values()].reduce((s, n) => s + n, 0);
    this.lengths[id] = length;
    this.totalLength += length;
    for (const [term, tf] of counts) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new Map<number, number>()));
      list.set(id, tf);
    }
  }

  remove(key: string): void {
    const id = this.idOf.get(key);
    if (id === undefined) return;
    for (const term of this.docTerms[id]!.keys()) {
      const list = this.postings.get(term)!;
      list.delete(id);
      if (!list.size) this.postings.delete(term);
    }
    this.totalLength -= this.lengths[id];
    this.docTerms[id] = undefined;
    this.keys[id] = undefined;
    this.idOf.delete(key);
    this.free.push(id);
  }

  /** The `limit` best documents for the query that pass `accept`, best first. */
  search(
    query: string,
    limit: number,
    accept?: (key: string) => boolean,
    extraTerms: readonly string[] = [],
  ): KeywordHit[] {
    const n = this.idOf.size;
    if (!n) return [];
    const avg = this.totalLength / n;
    const sums = this.sums;
    sums.reset(this.keys.length);
    const terms = new Set([...tokenize(query), ...extraTerms.map((t) => t.toLowerCase())]);
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.size + 0.5) / (list.size + 0.5));
      for (const [id, tf] of list) {
        const norm = tf + K1 * (1 - B + (B * this.lengths[id]) / avg);
        sums.add(id, (idf * tf * (K1 + 1)) / norm);
      }
    }
    const hits = sums.collect<KeywordHit>((id, score) => {
      const key = this.keys[id]!;
      return !accept || accept(key) ? { key, score } : undefined;
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
