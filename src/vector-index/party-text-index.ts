import { createHash } from 'node:crypto';
import { ScoreSums } from './score-sums';
import { TokenizeOptions, tokenize } from './tokenize';

const K1 = 1.2;
const B = 0.75;
/** Whole-profile texts: function words out, plurals folded (measured on the dev set). */
export const PARTY_TEXT_TOKENS: TokenizeOptions = { longStopList: true, foldPlurals: true };

/** What a record is to its party: its profile, or one of its needs and offers (its work). */
export type RecordRole = 'profile' | 'need' | 'offer';
type WorkKind = Exclude<RecordRole, 'profile'>;

/** What answers a need is an offer and the other way round; the profile speaks to both. */
const ANSWERED_BY: Record<WorkKind, RecordRole[]> = {
  offer: ['profile', 'need'],
  need: ['profile', 'offer'],
};

/** A candidate's similar-work score, and its record that counted most. */
export interface WorkScore {
  score: number;
  record: string;
}

/** Which parties, and which of their records, may count (the hard rules); `note` as upserted. */
export interface WorkFilter<N> {
  party(partyKey: string): boolean;
  record(recordKey: string, note: N | undefined): boolean;
}

/**
 * BM25 over each party's whole text: its profile and every need and offer it posts, as one
 * document, updated record by record. The keyword channel of matching at the level of parties:
 * "who writes about the same things", where a record-level index finds single matching items.
 *
 * It also keeps every distinct text of a need or offer once, with the parties that post it, for
 * `similarWork` (decision 48).
 */
export class PartyTextIndex<N = undefined> {
  private readonly records = new Map<
    string,
    { party: number; role: RecordRole; counts: Map<string, number>; work?: number }
  >();
  private readonly parties: {
    key: string;
    counts: Map<string, number>;
    length: number;
    records: Set<string>;
  }[] = [];
  private readonly partyId = new Map<string, number>();
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private live = 0;
  private readonly sums = new ScoreSums();
  private readonly works: (Work<N> | undefined)[] = [];
  private readonly workId = new Map<string, number>();
  private readonly freeWorks: number[] = [];
  private readonly workPostings: Record<WorkKind, Map<string, Map<number, number>>> = {
    need: new Map(),
    offer: new Map(),
  };
  private workLength = 0;
  private liveWorks = 0;
  private readonly workSums = new ScoreSums();

  get size(): number {
    return this.live;
  }

  /**
   * Adds or replaces one record's text in its party's document (and a need's or offer's among the
   * works, with `note`: what the work filter reads, so it looks nothing up per record).
   */
  upsertRecord(
    recordKey: string,
    partyKey: string,
    text: string,
    role: RecordRole,
    note?: N,
  ): void {
    this.removeRecord(recordKey);
    const tokens = tokenize(text, PARTY_TEXT_TOKENS);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const party = this.idOf(partyKey);
    const work =
      role !== 'profile' && counts.size
        ? this.addWork(role, tokens, counts, party, { key: recordKey, note })
        : undefined;
    this.records.set(recordKey, { party, role, counts, work });
    this.parties[party].records.add(recordKey);
    this.adjust(party, counts, 1);
  }

  removeRecord(recordKey: string): void {
    const record = this.records.get(recordKey);
    if (!record) return;
    this.records.delete(recordKey);
    this.parties[record.party].records.delete(recordKey);
    this.adjust(record.party, record.counts, -1);
    if (record.work !== undefined) this.removeWork(record.work, record.party, recordKey);
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

  /**
   * Similar work: what the subject writes against every distinct text of a need or offer, each
   * text's BM25 shared equally among the parties that post it, and summed per party (resource
   * allocation: a text many parties post says less about each of them). Offers are read against
   * the subject's profile and needs, needs against its profile and offers: an offer like the
   * subject's own offer is a peer's, not an answer. A party with several close needs and offers
   * scores higher than one with a single one. The term weights (IDF) are the whole-text index's.
   * Only the parties and records `admitted` lets through count (the hard rules: parties the rules
   * exclude, expired needs and offers, ones whose target economies leave the subject out).
   */
  similarWork(subjectKey: string, admitted?: WorkFilter<N>): Map<string, WorkScore> {
    const out = new Map<string, WorkScore>();
    const subject = this.partyId.get(subjectKey);
    if (!this.liveWorks || subject === undefined) return out;
    const avg = this.workLength / this.liveWorks || 1;
    const n = this.live;
    const sums = this.workSums;
    sums.reset(this.works.length);
    // BM25's length normalisation, once per work rather than once per posting.
    const norms = new Float64Array(this.works.length);
    this.works.forEach((w, id) => {
      if (w) norms[id] = K1 * (1 - B + (B * w.length) / avg);
    });
    for (const kind of ['offer', 'need'] as const) {
      const postings = this.workPostings[kind];
      if (!postings.size) continue;
      for (const term of this.termsIn(subject, ANSWERED_BY[kind])) {
        const list = postings.get(term);
        if (!list) continue;
        const df = this.postings.get(term)?.size ?? list.size;
        const weight = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1);
        for (const [id, tf] of list) sums.add(id, (weight * tf) / (tf + norms[id]));
      }
    }
    // Per party by dense id (thousands of owners per subject: no string keys in the loop); each
    // party is judged once.
    const parties = this.parties.length;
    const total = new Float64Array(parties);
    const best = new Float64Array(parties);
    const named: (string | undefined)[] = new Array<string | undefined>(parties);
    const verdict = new Int8Array(parties); // 0 not asked, 1 admitted, -1 not
    const touched: number[] = [];
    sums.collect((id, score) => {
      const work = this.works[id]!;
      const share = score / work.owners.size;
      for (const [party, posted] of work.owners) {
        if (party === subject) continue;
        if (admitted) {
          if (!verdict[party]) verdict[party] = admitted.party(this.parties[party].key) ? 1 : -1;
          if (verdict[party] < 0) continue;
        }
        let record: string | undefined;
        for (const r of posted)
          if (!admitted || admitted.record(r.key, r.note)) {
            record = r.key;
            break;
          }
        if (record === undefined) continue;
        if (!total[party]) touched.push(party);
        total[party] += share;
        if (share > best[party]) {
          best[party] = share;
          named[party] = record;
        }
      }
      return undefined;
    });
    for (const party of touched)
      out.set(this.parties[party].key, { score: total[party], record: named[party]! });
    return out;
  }

  /** The distinct terms of a party's records in these roles. */
  private termsIn(party: number, roles: readonly RecordRole[]): Set<string> {
    const terms = new Set<string>();
    for (const key of this.parties[party].records) {
      const record = this.records.get(key)!;
      if (roles.includes(record.role)) for (const term of record.counts.keys()) terms.add(term);
    }
    return terms;
  }

  private addWork(
    kind: WorkKind,
    tokens: readonly string[],
    counts: Map<string, number>,
    party: number,
    posted: Posted<N>,
  ): number {
    const hash = createHash('sha1')
      .update(`${kind} ${tokens.join(' ')}`)
      .digest('base64');
    let id = this.workId.get(hash);
    if (id === undefined) {
      id = this.freeWorks.pop() ?? this.works.length;
      this.works[id] = { kind, hash, counts, length: tokens.length, owners: new Map() };
      this.workId.set(hash, id);
      const postings = this.workPostings[kind];
      for (const [term, tf] of counts) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = new Map<number, number>()));
        list.set(id, tf);
      }
      this.workLength += tokens.length;
      this.liveWorks += 1;
    }
    const owners = this.works[id]!.owners;
    owners.set(party, [...(owners.get(party) ?? []), posted]);
    return id;
  }

  private removeWork(id: number, party: number, recordKey: string): void {
    const work = this.works[id]!;
    const left = (work.owners.get(party) ?? []).filter((r) => r.key !== recordKey);
    if (left.length) work.owners.set(party, left);
    else work.owners.delete(party);
    if (work.owners.size) return;
    const postings = this.workPostings[work.kind];
    for (const term of work.counts.keys()) {
      const list = postings.get(term)!;
      list.delete(id);
      if (!list.size) postings.delete(term);
    }
    this.workLength -= work.length;
    this.liveWorks -= 1;
    this.workId.delete(work.hash);
    this.works[id] = undefined;
    this.freeWorks.push(id);
  }

  private idOf(partyKey: string): number {
    let id = this.partyId.get(partyKey);
    if (id === undefined) {
      id = this.parties.length;
      this.partyId.set(partyKey, id);
      this.parties.push({ key: partyKey, counts: new Map(), length: 0, records: new Set() });
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

/** One distinct text of a need or offer, and which of each party's records carry it. */
/** One record carrying a work, with its note. */
interface Posted<N> {
  key: string;
  note: N | undefined;
}

interface Work<N> {
  kind: WorkKind;
  hash: string;
  counts: ReadonlyMap<string, number>;
  length: number;
  owners: Map<number, Posted<N>[]>;
}
