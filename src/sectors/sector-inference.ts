import { InferredSector } from './inferred-sector';
/**
 * Sector inference: ISIC Rev.4 classes for a record without `sectors`, from its text alone.
 *
 * A text is scored against every class document (sector-vocabulary.ts) by two channels, each
 * scaled per text so that its best class scores 1 and the median class 0, and fused per class:
 *
 *   keyword  BM25 over the class documents (the service tokenizer, a light stemmer, phrases);
 *   vector   cosine between the text's vector and the class's vector (any embedder: the class
 *            vectors are computed once per model from `embeddingText`).
 *
 * A division scores its best class plus a share of BM25 over the division's pooled documents
 * (evidence spread over several classes of one division). The result is the best class of each
 * of the best divisions, so the top 3 hedge across divisions, with a calibrated confidence.
 */

export interface SectorDocument {
  code: string;
  title: string;
  /** Stemmed term (or `term_term` phrase) → weighted frequency. */
  terms: Record<string, number>;
  /** The short text the embedder sees for this class (models truncate at 128–512 tokens). */
  embeddingText: string;
}
export interface SectorVocabulary {
  classification: 'ISIC Rev.4';
  documents: SectorDocument[];
}

export type { InferredSector } from './inferred-sector';

/** ISIC spells British, NAICS American: one spelling for both. */
// prettier-ignore
const SPELLING: Record<string, string> = {
  fibre: 'fiber', fibres: 'fibers', centre: 'center', centres: 'centers', aluminium: 'aluminum',
  tyre: 'tire', tyres: 'tires', mould: 'mold', moulds: 'molds', moulding: 'molding',
  colour: 'color', programme: 'program', programmes: 'programs', jewellery: 'jewelry',
  sulphur: 'sulfur', metre: 'meter', litre: 'liter', catalogue: 'catalog', defence: 'defense',
  labour: 'labor',
};
/**
 * The service's keyword tokenizer (src/vector-index/tokenize.ts), copied rather than imported:
 * vector-index already imports sectors (index-entries → sector-catalog), so importing it back
 * would close a folder cycle that dependency-cruiser rejects; and the derived vocabulary JSON is
 * tied to this exact tokenization, which a change to the keyword channel must not silently alter.
 * A unit test checks that the two still agree (change both, then re-derive the vocabulary).
 */
const STOP = new Set(
  'a an and are as at be by for from has have in into is it its of on or our that the their this to we with will you your us per via'.split(
    ' ',
  ),
);
const BIGRAM_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SEGMENTED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const THAI_STOP = new Set(
  'และ หรือ ของ ใน ที่ เพื่อ กับ จาก การ ความ โดย ให้ ได้ เป็น มี ซึ่ง แก่ แต่ ถึง ทั้ง'.split(' '),
);
const words = new Intl.Segmenter('th', { granularity: 'word' });

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const run of text
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) {
    if (SEGMENTED_SCRIPT.test(run)) {
      for (const w of words.segment(run))
        if (w.isWordLike && !THAI_STOP.has(w.segment) && !STOP.has(w.segment))
          tokens.push(w.segment);
    } else if (BIGRAM_SCRIPT.test(run)) {
      const chars = [...run];
      if (chars.length === 1) tokens.push(run);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else if (run.length > 1 && !STOP.has(run)) {
      tokens.push(run);
    }
  }
  return tokens;
}

/** Words of the NAICS definitions' boilerplate ('establishments primarily engaged in …'). */
const BOILERPLATE = new Set(
  'establishment establishments primarily engaged comprises comprise industry industries except nec other such including includes include known also both which'.split(
    ' ',
  ),
);

/** Light suffix stripping of Latin-script words ('semiconductors' → 'semiconductor'). */
export function stem(token: string): string {
  let t = SPELLING[token] ?? token;
  if (t.length <= 3 || !/^[a-z]+$/.test(t)) return t;
  if (t.endsWith('ies') && t.length > 4) t = t.slice(0, -3) + 'y';
  else if (/(sses|xes|ches|shes)$/.test(t)) t = t.slice(0, -2);
  else if (t.endsWith('s') && !/(ss|us|is)$/.test(t)) t = t.slice(0, -1);
  if (t.endsWith('ing') && t.length >= 6) t = t.slice(0, -3);
  else if (t.endsWith('ed') && t.length >= 5) t = t.slice(0, -2);
  if (t.endsWith('er') && t.length >= 6) t = t.slice(0, -2);
  if (t.endsWith('e') && t.length >= 4) t = t.slice(0, -1);
  return t;
}

/** Keyword terms of a text: the service tokenizer, NAICS boilerplate dropped, stemmed. */
export function sectorTerms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !BOILERPLATE.has(t))
    .map(stem);
}

/** Adjacent Latin-script terms as phrases ('trade_show'), so 'trade show' beats 'show'. */
export function termPairs(terms: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < terms.length; i++)
    if (/^[a-z]/.test(terms[i]) && /^[a-z]/.test(terms[i + 1]))
      out.push(`${terms[i]}_${terms[i + 1]}`);
  return out;
}

export interface SectorInferrerOptions {
  /** BM25 term-frequency saturation and length normalisation. */
  k1: number;
  b: number;
  /** Weight of the vector channel in the fused class score when the text is fully readable. */
  vectorWeight: number;
  /**
   * Share of a text's terms known to the vocabulary at which the keyword channel is fully
   * trusted; below it the vector channel takes over proportionally (a Thai or Spanish text has
   * almost no English terms: its keyword evidence is a stray brand name). 0 turns this off:
   * right for English-only models (the fixture, all-MiniLM); 0.5 for multilingual ones.
   */
  fullCoverage: number;
  /** Weight of the division document (all its classes pooled) in the division score. */
  divisionDocWeight: number;
  /** Softmax temperature over division scores, for the confidences. */
  temperature: number;
  /**
   * Platt scaling of the softmax probability p of a division into the probability that it is one
   * of the record's divisions: confidence = σ(intercept + slope · ln p). Fitted per embedder on
   * records whose sectors are known (scripts/calibrate.ts); the default fits the fixture model.
   */
  calibration: { intercept: number; slope: number };
}

export const DEFAULT_INFERRER_OPTIONS: SectorInferrerOptions = {
  k1: 2,
  b: 0.75,
  vectorWeight: 0.3,
  fullCoverage: 0,
  divisionDocWeight: 0.5,
  temperature: 0.3,
  calibration: { intercept: 2.81, slope: 1.33 },
};

/**
 * BM25 over weighted term bags, in flat typed arrays (about 40k postings for ISIC): term → slot;
 * the postings of slot s are docs/weights[start[s] .. start[s + 1]).
 */
class Bm25 {
  private readonly slots = new Map<string, number>();
  private readonly start: Uint32Array;
  private readonly docs: Uint16Array;
  private readonly weights: Float32Array;
  private readonly idf: Float32Array;

  constructor(bags: readonly Record<string, number>[], k1: number, b: number) {
    const lengths = bags.map((d) => Object.values(d).reduce((s, w) => s + w, 0));
    const avg = lengths.reduce((s, l) => s + l, 0) / bags.length;
    const lists: { doc: number; weight: number }[][] = [];
    bags.forEach((bag, i) => {
      const norm = k1 * (1 - b + (b * lengths[i]) / avg);
      for (const [term, tf] of Object.entries(bag)) {
        let slot = this.slots.get(term);
        if (slot === undefined) this.slots.set(term, (slot = lists.push([]) - 1));
        lists[slot].push({ doc: i, weight: (tf * (k1 + 1)) / (tf + norm) });
      }
    });
    const total = lists.reduce((s, l) => s + l.length, 0);
    this.start = new Uint32Array(lists.length + 1);
    this.docs = new Uint16Array(total);
    this.weights = new Float32Array(total);
    this.idf = new Float32Array(lists.length);
    let at = 0;
    lists.forEach((list, slot) => {
      this.start[slot] = at;
      this.idf[slot] = Math.log(1 + (bags.length - list.length + 0.5) / (list.length + 0.5));
      for (const p of list) {
        this.docs[at] = p.doc;
        this.weights[at++] = p.weight;
      }
    });
    this.start[lists.length] = at;
  }

  has(term: string): boolean {
    return this.slots.has(term);
  }

  score(counts: Map<string, number>, n: number): Float64Array {
    const out = new Float64Array(n);
    for (const [term, qtf] of counts) {
      const slot = this.slots.get(term);
      if (slot === undefined) continue;
      const q = this.idf[slot] * (1 + Math.log(qtf));
      for (let j = this.start[slot]; j < this.start[slot + 1]; j++)
        out[this.docs[j]] += q * this.weights[j];
    }
    return out;
  }
}

/** Scores of one text: divisions best first, each with its classes best first. */
export interface SectorScores {
  divisions: {
    code: string;
    score: number;
    classes: { code: string; score: number }[];
  }[];
  /** Share of the text's words the vocabulary knows (English text: ~0.7; Thai or Spanish: ~0.05). */
  coverage: number;
  /** The vector channel's weight used for this text. */
  vectorWeight: number;
}

export class SectorInferrer {
  private readonly codes: string[];
  private readonly classIndex: Bm25;
  private readonly divisionIndex: Bm25;
  /** Division codes, and per division the indexes of its classes. */
  private readonly divisions: { code: string; members: number[] }[] = [];
  readonly options: SectorInferrerOptions;

  /** `vectors[i]`: the unit vector of `vocabulary.documents[i].embeddingText`, if any embedder. */
  constructor(
    vocabulary: SectorVocabulary,
    private readonly vectors?: readonly Float32Array[],
    options: Partial<SectorInferrerOptions> = {},
  ) {
    this.options = { ...DEFAULT_INFERRER_OPTIONS, ...options };
    const docs = vocabulary.documents;
    if (vectors && vectors.length !== docs.length)
      throw new Error('one vector per sector document');
    this.codes = docs.map((d) => d.code);
    const byDivision = new Map<string, number[]>();
    this.codes.forEach((c, i) =>
      byDivision.set(c.slice(0, 2), [...(byDivision.get(c.slice(0, 2)) ?? []), i]),
    );
    for (const [code, members] of byDivision) this.divisions.push({ code, members });
    const { k1, b } = this.options;
    this.classIndex = new Bm25(
      docs.map((d) => d.terms),
      k1,
      b,
    );
    this.divisionIndex = new Bm25(
      this.divisions.map(({ members }) => {
        const pooled: Record<string, number> = {};
        for (const i of members)
          for (const [t, w] of Object.entries(docs[i].terms)) pooled[t] = (pooled[t] ?? 0) + w;
        return pooled;
      }),
      k1,
      b,
    );
  }

  /** Division and class scores of a text; `textVector` from the same embedder as `vectors`. */
  score(text: string, textVector?: Float32Array): SectorScores {
    const terms = sectorTerms(text);
    const counts = new Map<string, number>();
    for (const t of [...terms, ...termPairs(terms)]) counts.set(t, (counts.get(t) ?? 0) + 1);
    const known = terms.filter((t) => this.classIndex.has(t)).length;
    const coverage = terms.length ? known / terms.length : 0;
    const { fullCoverage, vectorWeight, divisionDocWeight } = this.options;
    const n = this.codes.length;
    let a = 0;
    let vec: Float64Array = new Float64Array(n);
    if (textVector && this.vectors) {
      const trust = fullCoverage > 0 ? Math.min(1, coverage / fullCoverage) : 1;
      a = 1 - (1 - vectorWeight) * trust;
      vec = scaled(Float64Array.from(this.vectors, (v) => dot(v, textVector)));
    }
    const kw = scaled(this.classIndex.score(counts, n));
    const pooled = scaled(this.divisionIndex.score(counts, this.divisions.length));
    const fused = kw.map((k, i) => (1 - a) * k + a * vec[i]);
    const divisions = this.divisions.map(({ code, members }, d) => {
      const classes = members
        .map((i) => ({ code: this.codes[i], score: fused[i] }))
        .sort((x, y) => y.score - x.score);
      return {
        code,
        score: classes[0].score + (1 - a) * divisionDocWeight * pooled[d],
        classes,
      };
    });
    return {
      divisions: divisions.sort((x, y) => y.score - x.score),
      coverage,
      vectorWeight: a,
    };
  }

  /**
   * The `limit` most likely classes: the best class of each of the best divisions, so that the
   * list hedges across divisions. Confidence: the estimated probability that the class's division
   * is one of the record's, from the softmax of the division scores, Platt-scaled (options).
   */
  infer(text: string, textVector?: Float32Array, limit = 3): InferredSector[] {
    const { divisions } = this.score(text, textVector);
    const max = divisions[0].score;
    if (!(max > 0)) return [];
    const { temperature, calibration: c } = this.options;
    const exp = divisions.map((d) => Math.exp((d.score - max) / temperature));
    const total = exp.reduce((s, e) => s + e, 0);
    return divisions.slice(0, limit).map((d, i) => {
      const z = c.intercept + c.slope * Math.log(exp[i] / total);
      return {
        code: d.classes[0].code,
        confidence: Math.round(1000 / (1 + Math.exp(-z))) / 1000,
      };
    });
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Scores scaled so the best is 1 and the median 0 (below-median clipped); all 0 if flat. */
function scaled(s: Float64Array): Float64Array {
  const sorted = Float64Array.from(s).sort();
  const max = sorted[sorted.length - 1];
  const median = sorted[sorted.length >> 1];
  if (!(max > median)) return new Float64Array(s.length);
  return s.map((x) => Math.max(0, (x - median) / (max - median)));
}
