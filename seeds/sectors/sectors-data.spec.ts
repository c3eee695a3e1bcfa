/**
 * Checks the committed sector reference data (derived by seeds/scripts/derive-sectors.ts; see PROVENANCE.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface IsicCode {
  code: string;
  level: 'section' | 'division' | 'group' | 'class';
  parent: string | null;
  title: string;
}
interface IsicWeight {
  division: string;
  weight: number;
}
interface CategoryOut {
  key: string;
  name: string;
  traded: boolean;
  naics: string[];
  isic: IsicWeight[];
}
interface AffinityPair {
  a: string;
  b: string;
  affinity: number;
  via: [string, string];
}

function load<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, name), 'utf8')) as T;
}

const isic = load<{ classification: string; source: string; codes: IsicCode[] }>('isic-rev4.json');
const categories = load<{
  source: string;
  categories: CategoryOut[];
  relatedness_clusters: (CategoryOut & { code: number | null })[];
}>('cluster-categories.json');
const affinity = load<{ metric: string; formula: string; pairs: AffinityPair[] }>(
  'sector-affinity.json',
);

const byCode = new Map(isic.codes.map((c) => [c.code, c]));
const divisions = new Set(isic.codes.filter((c) => c.level === 'division').map((c) => c.code));
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const pairs = new Map(affinity.pairs.map((p) => [pairKey(p.a, p.b), p.affinity]));
const aff = (a: string, b: string) => pairs.get(pairKey(a, b)) ?? 0;

describe('ISIC Rev.4 (isic-rev4.json)', () => {
  it('has the published structure: 21 sections, 88 divisions, 238 groups, 419 classes', () => {
    const count = (level: IsicCode['level']) => isic.codes.filter((c) => c.level === level).length;
    expect(isic.classification).toBe('ISIC Rev.4');
    expect([count('section'), count('division'), count('group'), count('class')]).toEqual([
      21, 88, 238, 419,
    ]);
    expect(byCode.size).toBe(isic.codes.length);
  });

  it('has valid parent links and code formats', () => {
    const parentLevel = { section: null, division: 'section', group: 'division', class: 'group' };
    const pattern = { section: /^[A-U]$/, division: /^\d{2}$/, group: /^\d{3}$/, class: /^\d{4}$/ };
    for (const c of isic.codes) {
      expect(c.code).toMatch(pattern[c.level]);
      expect(c.title.trim()).toBe(c.title);
      expect(c.title.length).toBeGreaterThan(0);
      if (c.level === 'section') {
        expect(c.parent).toBeNull();
        continue;
      }
      const p = byCode.get(c.parent ?? '');
      expect(p?.level).toBe(parentLevel[c.level]);
      if (c.level !== 'division') expect(c.code.startsWith(p?.code ?? '?')).toBe(true);
    }
  });

  it('is in hierarchical order (each code after its parent)', () => {
    const seen = new Set<string>();
    for (const c of isic.codes) {
      if (c.parent !== null) expect(seen.has(c.parent)).toBe(true);
      seen.add(c.code);
    }
  });

  it.each([
    ['C', 'Manufacturing'],
    ['J', 'Information and communication'],
    ['26', 'Manufacture of computer, electronic and optical products'],
    ['261', 'Manufacture of electronic components and boards'],
    ['2610', 'Manufacture of electronic components and boards'],
    ['62', 'Computer programming, consultancy and related activities'],
    ['6201', 'Computer programming activities'],
    ['21', 'Manufacture of basic pharmaceutical products and pharmaceutical preparations'],
    ['2100', 'Manufacture of pharmaceuticals, medicinal chemical and botanical products'],
    ['3030', 'Manufacture of air and spacecraft and related machinery'],
    ['7210', 'Research and experimental development on natural sciences and engineering'],
  ])('%s is titled "%s"', (code, title) => {
    expect(byCode.get(code)?.title).toBe(title);
  });

  it('places divisions in the right sections', () => {
    expect(byCode.get('01')?.parent).toBe('A');
    expect(byCode.get('26')?.parent).toBe('C');
    expect(byCode.get('35')?.parent).toBe('D');
    expect(byCode.get('62')?.parent).toBe('J');
    expect(byCode.get('72')?.parent).toBe('M');
    expect(byCode.get('99')?.parent).toBe('U');
  });
});

describe('cluster categories (cluster-categories.json)', () => {
  const all = [...categories.categories, ...categories.relatedness_clusters];

  it('has the CMP categories with unique keys, and the 51 traded relatedness clusters', () => {
    const keys = categories.categories.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(60);
    const traded = categories.relatedness_clusters.filter((c) => c.traded);
    expect(traded).toHaveLength(51);
    expect(traded.every((c) => typeof c.code === 'number')).toBe(true);
  });

  it('has ISIC weights on valid divisions, summing to 1, sorted by weight', () => {
    for (const c of all) {
      expect(c.naics.length).toBeGreaterThan(0);
      for (const n of c.naics) expect(n).toMatch(/^\d{6}$/);
      const sum = c.isic.reduce((s, w) => s + w.weight, 0);
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(0.01);
      for (const w of c.isic) {
        expect(divisions.has(w.division)).toBe(true);
        expect(w.weight).toBeGreaterThan(0);
      }
      const weights = c.isic.map((w) => w.weight);
      expect(weights).toEqual([...weights].sort((x, y) => y - x));
    }
  });

  it('maps well-known categories to their obvious main division', () => {
    const main = (key: string) =>
      all.find((c) => c.key === key && c.isic.length > 0)?.isic[0]?.division;
    expect(main('information_technology_and_analytical_instruments')).toBe('26');
    expect(main('biopharmaceuticals')).toBe('21');
    expect(main('automotive')).toBe('29');
    expect(main('aerospace_vehicles_and_defense')).toBe('30');
    expect(main('financial_services')).toBe('64');
    expect(main('apparel')).toBe('14');
  });
});

describe('sector affinity (sector-affinity.json)', () => {
  it('names its metric and formula', () => {
    expect(affinity.metric).toMatch(/cr_all_pc/);
    expect(affinity.formula).toMatch(/max/);
  });

  it('stores each unordered pair of distinct divisions once, a < b, with affinity in [0.05, 1]', () => {
    const seen = new Set<string>();
    for (const p of affinity.pairs) {
      expect(p.a < p.b).toBe(true);
      expect(divisions.has(p.a) && divisions.has(p.b)).toBe(true);
      expect(seen.has(`${p.a}|${p.b}`)).toBe(false);
      seen.add(`${p.a}|${p.b}`);
      expect(p.affinity).toBeGreaterThanOrEqual(0.05);
      expect(p.affinity).toBeLessThanOrEqual(1);
      expect(Math.round(p.affinity * 1000) / 1000).toBe(p.affinity);
    }
  });

  it('reflects economically obvious relations', () => {
    expect(aff('26', '27')).toBeGreaterThan(aff('26', '01'));
    expect(aff('26', '27')).toBeGreaterThan(0.5);
    expect(aff('20', '21')).toBeGreaterThan(aff('21', '49'));
    expect(aff('13', '14')).toBeGreaterThan(aff('14', '26'));
    expect(aff('24', '25')).toBeGreaterThan(aff('25', '86'));
    expect(aff('62', '70')).toBeGreaterThan(aff('62', '03'));
    expect(aff('64', '66')).toBeGreaterThan(aff('64', '10'));
    expect(aff('29', '22')).toBeGreaterThan(aff('29', '56'));
  });
});
