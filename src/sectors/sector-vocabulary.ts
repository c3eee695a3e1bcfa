import { SectorVocabulary, sectorTerms, termPairs } from './sector-inference';

/**
 * Builds the sector vocabulary: one document per ISIC Rev.4 class, for sector-inference.ts. Used
 * offline by seeds/scripts/derive-sector-vocabulary.ts (the service loads the derived JSON). A
 * class document holds, with weights:
 *
 *   - its ISIC title, and the titles of its group and division;
 *   - the crosswalk notes (seeds/sources/naics-isic.tsv) that name it;
 *   - the NAICS 2017 industries that map to it: title, illustrative examples, description. The
 *     crosswalk maps NAICS to ISIC divisions; a 6-digit code goes to the class of that division
 *     (among those its crosswalk note names, if any) whose titles its own text overlaps most;
 *   - US cluster and subcluster names of those NAICS codes (optional);
 *   - a small hand-maintained glossary of present-day industry terms per class (optional).
 */

export interface IsicEntry {
  code: string;
  level: 'section' | 'division' | 'group' | 'class';
  parent: string | null;
  title: string;
}
/** `2017_NAICS_Descriptions.json`: code → title and description ('NULL' when none). */
export type NaicsDescriptions = Record<string, { Title: string; Description: string }>;
export interface CrosswalkRow {
  naics: string;
  isicDivision: string;
  share: number;
  note: string;
}
/** Another name of a NAICS industry, e.g. its US cluster or subcluster. */
export interface NaicsLabel {
  naics: string;
  label: string;
}
/** Present-day industry terms of an ISIC class (seeds/sources/sector-glossary.tsv). */
export interface GlossaryEntry {
  isic: string;
  terms: string[];
}

/** Weights of the parts of a class document (`pair`: a phrase relative to its words). */
export const DEFAULT_DOCUMENT_WEIGHTS = {
  classTitle: 4,
  groupTitle: 1.5,
  divisionTitle: 1,
  note: 2,
  naicsTitle: 2,
  example: 1.5,
  naicsText: 0.25,
  label: 1,
  glossary: 3,
  pair: 0.5,
  /** Lighter terms are dropped (long tail of long descriptions): JSON 1.2 MB → 0.76 MB. */
  minimum: 0.25,
};
export type DocumentWeights = typeof DEFAULT_DOCUMENT_WEIGHTS;

export interface VocabularyExtras {
  labels?: readonly NaicsLabel[];
  glossary?: readonly GlossaryEntry[];
  weights?: Partial<DocumentWeights>;
}

/** seeds/sources/naics-isic.tsv (columns naics, isic_division, share, note). */
export function parseCrosswalkTsv(tsv: string): CrosswalkRow[] {
  const [header, ...lines] = tsv.split(/\r?\n/).filter((l) => l.trim());
  const cols = header.split('\t');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const f = line.split('\t');
    return {
      naics: f[at('naics')],
      isicDivision: f[at('isic_division')],
      share: Number(f[at('share')]),
      note: f[at('note')] ?? '',
    };
  });
}

/** seeds/sources/sector-glossary.tsv (columns isic, terms: comma-separated). */
export function parseGlossaryTsv(tsv: string): GlossaryEntry[] {
  return tsv
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((line) => {
      const [isic, terms = ''] = line.split('\t');
      return {
        isic,
        terms: terms
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      };
    });
}

/** ISIC classes a crosswalk note names: '(ISIC 1061/1062)', '032x', '0114-0119', '58'. */
export function classesInNote(note: string, classCodes: readonly string[]): string[] {
  const found = new Set<string>();
  for (const m of note.matchAll(/ISIC ([0-9x/\-, ]+)/g))
    for (const part of m[1].split(/[/,\s]+/).filter(Boolean)) {
      const range = /^(\d{4})-(\d{4})$/.exec(part);
      const prefix = part.replace(/x+$/, '');
      for (const c of classCodes)
        if (
          range ? c >= range[1] && c <= range[2] : /^\d{2,4}$/.test(prefix) && c.startsWith(prefix)
        )
          found.add(c);
    }
  return [...found];
}

interface NaicsText {
  title: string;
  examples: string;
  body: string;
}

/** Title, illustrative examples and definition; cross-references and 'See …' stubs dropped. */
function naicsText(entry: { Title: string; Description: string }): NaicsText {
  const raw = entry.Description && entry.Description !== 'NULL' ? entry.Description : '';
  const [body, examples = ''] = raw.split(/Cross-References\./)[0].split(/Illustrative Examples:/);
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return {
    title: entry.Title.replace(/T\s*$/, '').trim(),
    examples: squash(examples),
    body: /^\s*See industry description for/.test(body) ? '' : squash(body),
  };
}

type Bag = Map<string, number>;

function addTerms(bag: Bag, text: string, weight: number, pairWeight: number): void {
  const terms = sectorTerms(text);
  for (const t of terms) bag.set(t, (bag.get(t) ?? 0) + weight);
  for (const t of termPairs(terms)) bag.set(t, (bag.get(t) ?? 0) + weight * pairWeight);
}

/** Places NAICS industries in ISIC classes by the IDF-weighted overlap with class titles. */
class ClassPlacer {
  private readonly titleTerms = new Map<string, Set<string>>();
  private readonly idf = new Map<string, number>();

  constructor(classes: readonly IsicEntry[], byCode: Map<string, IsicEntry>) {
    const df = new Map<string, number>();
    for (const c of classes) {
      const terms = new Set(sectorTerms(`${c.title} ${byCode.get(c.parent!)!.title}`));
      this.titleTerms.set(c.code, terms);
      for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    }
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + classes.length / n));
  }

  /** The best-matching candidates (ties kept); all of them if none matches at all. */
  place(terms: Set<string>, candidates: readonly string[]): string[] {
    const scores = candidates.map((c) => {
      let s = 0;
      for (const t of this.titleTerms.get(c)!) if (terms.has(t)) s += this.idf.get(t)!;
      return s;
    });
    const best = Math.max(...scores);
    return best > 0 ? candidates.filter((_, i) => scores[i] === best) : [...candidates];
  }
}

export function buildSectorVocabulary(
  isic: readonly IsicEntry[],
  naics: NaicsDescriptions,
  crosswalk: readonly CrosswalkRow[],
  extras: VocabularyExtras = {},
): SectorVocabulary {
  const W = { ...DEFAULT_DOCUMENT_WEIGHTS, ...extras.weights };
  const add = (bag: Bag, text: string, weight: number) => addTerms(bag, text, weight, W.pair);
  const byCode = new Map(isic.map((e) => [e.code, e]));
  const classes = isic.filter((e) => e.level === 'class');
  const classCodes = classes.map((c) => c.code);
  const glossary = new Map((extras.glossary ?? []).map((g) => [g.isic, g.terms]));
  const labels = new Map<string, string[]>();
  for (const l of extras.labels ?? [])
    labels.set(l.naics, [...(labels.get(l.naics) ?? []), l.label]);
  const bags = new Map(classes.map((c) => [c.code, new Map() as Bag]));
  const naicsTitles = new Map(classes.map((c) => [c.code, [] as string[]]));

  for (const c of classes) {
    const group = byCode.get(c.parent!)!;
    const bag = bags.get(c.code)!;
    add(bag, c.title, W.classTitle);
    if (group.title !== c.title) add(bag, group.title, W.groupTitle);
    add(bag, byCode.get(group.parent!)!.title, W.divisionTitle);
    for (const term of glossary.get(c.code) ?? []) add(bag, term, W.glossary);
  }
  const rowsByKey = new Map<
    string,
    { row: CrosswalkRow; candidates: string[]; named: boolean }[]
  >();
  for (const row of crosswalk) {
    const named = classesInNote(row.note, classCodes).filter((c) => c.startsWith(row.isicDivision));
    const note = row.note.replace(/\(ISIC[^)]*\)|NAICS 2007/g, '');
    for (const c of named) add(bags.get(c)!, note, W.note / named.length);
    const candidates = named.length
      ? named
      : classCodes.filter((c) => c.startsWith(row.isicDivision));
    const list = rowsByKey.get(row.naics) ?? [];
    list.push({ row, candidates, named: named.length > 0 });
    rowsByKey.set(row.naics, list);
  }
  const keys = [...rowsByKey.keys()].sort((a, b) => b.length - a.length);
  const placer = new ClassPlacer(classes, byCode);
  for (const code of Object.keys(naics)
    .filter((c) => /^\d{6}$/.test(c))
    .sort()) {
    const key = keys.find((k) => code.startsWith(k));
    if (!key) continue;
    const text = naicsText(naics[code]);
    const own = new Set(sectorTerms(`${text.title} ${text.examples} ${text.body}`));
    for (const { row, candidates } of rowsByKey.get(key)!) {
      const chosen = placer.place(own, candidates);
      const weight = row.share / chosen.length;
      for (const c of chosen) {
        const bag = bags.get(c)!;
        add(bag, text.title, W.naicsTitle * weight);
        add(bag, text.examples, W.example * weight);
        add(bag, text.body, W.naicsText * weight);
        for (const l of labels.get(code) ?? []) add(bag, l, W.label * weight);
        if (weight >= 0.5) naicsTitles.get(c)!.push(text.title);
      }
    }
  }
  const documents = classes.map((c) => ({
    code: c.code,
    title: c.title,
    terms: Object.fromEntries(
      [...bags.get(c.code)!]
        .filter(([, w]) => w >= W.minimum)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([t, w]) => [t, Math.round(w * 1000) / 1000]),
    ),
    embeddingText: embeddingText(c.title, glossary.get(c.code) ?? [], naicsTitles.get(c.code)!),
  }));
  return { classification: 'ISIC Rev.4', documents };
}

/** Class title, its first glossary terms, then distinct NAICS titles, shortest first: ~80 words. */
function embeddingText(title: string, glossary: readonly string[], naicsTitles: string[]): string {
  const parts = [title];
  if (glossary.length) parts.push(glossary.slice(0, 8).join(', '));
  let words = parts.join(' ').split(/\s+/).length;
  const seen = new Set<string>();
  for (const t of [...naicsTitles].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
    const n = t.split(/\s+/).length;
    if (seen.has(t.toLowerCase()) || words + n > 80) continue;
    seen.add(t.toLowerCase());
    parts.push(t);
    words += n;
  }
  return parts.join('; ');
}
