import { ScoreSums } from './score-sums';
import { TokenizeOptions, tokenize } from './tokenize';

const K1 = 1.2;
const B = 0.75;
/** Whole-profile texts: function words out, plurals folded (measured on the dev set). */
export const PARTY_TEXT_TOKENS: TokenizeOptions = { longStopList: true, foldPlurals: true };

/**
 * BM25 over each party's whole text: its profile and every need and offer it posts, as one
 * document, updated record by record. The keyword channel of matching at the level of parties:
 * "who writes about the same things", where a record-level index finds single matching items.
 */
export class PartyTextIndex {
  private readonly records = new Map<string, { party: number; counts: Map<string, number> }>();
  private readonly parties: { key: string; counts: Map<string, number>; length: number }[] = [];
  private readonly partyId = new Map<string, number>();
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private live = 0;
  private readonly sums = new ScoreSums();

  get size(): number {
    return this.live;
  }

  /** Adds or replaces one record's text in its party's document. */
  upsertRecord(recordKey: string, partyKey: string, text: string): void {
    this.removeRecord(recordKey);
    const counts = new Map<string, number>();
    for (const t of tokenize(text, PARTY_TEXT_TOKENS)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const party = this.idOf(partyKey);
    this.records.set(recordKey, { party, counts });
    this.adjust(party, counts, 1);
  }

  removeRecord(recordKey: string): void {
    const record = this.records.get(recordKey);
    if (!record) return;
    this.records.delete(recordKey);
    this.adjust(record.party, record.counts, -1);
  }

  /** The party's document, as term counts (empty when unknown). */
  termsOf(partyKey: string): ReadonlyMap<string, number> {
    const id = this.partyId.get(partyKey);
    return id === undefined ? new Map() : this.parties[id].counts;
  }

  /**
   * BM25 of every party sharing a term with the query (each distinct query term counts once),
   * the ones `accept` refuses left out.
   */
  score(query: ReadonlyMap<string, number>, accept?: (partyKey: string) => boolean) {
    const scores = new Map<string, number>();
    if (!this.live) return scores;
    const avg = this.totalLength / this.live || 1;
    const n = this.live;
    const sums = this.sums;
    sums.reset(this.parties.length);
    for (const term of query.keys()) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.size + 0.5) / (list.size + 0.5));
      for (const [id, tf] of list) {
        const norm = tf + K1 * (1 - B + (B * this.parties[id].length) / avg);
        sums.add(id, (idf * tf * (K1 + 1)) / norm);
      }
    }
    sums.collect((id, score) => {
      const key = this.parties[id].key;
      if (!accept || accept(key)) scores.set(key, score);
      return undefined;
    });
    return scores;
  }

  private idOf(partyKey: string): number {
    let id = this.partyId.get(partyKey);
    if (id === undefined) {
      id = this.parties.length;
      this.partyId.set(partyKey, id);
      this.parties.push({ key: partyKey, counts: new Map(), length: 0 });
    }
    return id;
  }

  private adjust(id: number, counts: ReadonlyMap<string, number>, sign: 1 | -1): void {
    const party = this.parties[id];
    if (!party.length && sign > 0 && counts.size) this.live += 1;
    for (const [term, tf] of counts) {
      const next = (party.counts.get(term) ?? 0) + sign * tf;
      let list = this.postings.get(term);
      if (next > 0) {
        party.counts.set(term, next);
        if (!list) this.postings.set(term, (list = new Map<number, number>()));
        list.set(id, next);
      } else {
        party.counts.delete(term);
        list?.delete(id);
        if (list && !list.size) this.postings.delete(term);
      }
      party.length += sign * tf;
      this.totalLength += sign * tf;
    }
    if (!party.length && sign < 0 && counts.size) this.live -= 1;
  }
}
