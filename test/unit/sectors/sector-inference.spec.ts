import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SectorInferrer,
  SectorVocabulary,
  sectorTerms,
  stem,
  tokenize as sectorTokenize,
} from '../../../src/sectors/sector-inference';
import {
  buildSectorVocabulary,
  classesInNote,
  IsicEntry,
} from '../../../src/sectors/sector-vocabulary';
import { tokenize } from '../../../src/vector-index/tokenize';

/** A two-division slice of ISIC with NAICS codes that the crosswalk maps to the divisions. */
const isic: IsicEntry[] = [
  { code: 'C', level: 'section', parent: null, title: 'Manufacturing' },
  {
    code: '26',
    level: 'division',
    parent: 'C',
    title: 'Manufacture of computer, electronic and optical products',
  },
  {
    code: '261',
    level: 'group',
    parent: '26',
    title: 'Manufacture of electronic components and boards',
  },
  {
    code: '2610',
    level: 'class',
    parent: '261',
    title: 'Manufacture of electronic components and boards',
  },
  {
    code: '267',
    level: 'group',
    parent: '26',
    title: 'Manufacture of optical instruments and photographic equipment',
  },
  {
    code: '2670',
    level: 'class',
    parent: '267',
    title: 'Manufacture of optical instruments and photographic equipment',
  },
  {
    code: 'A',
    level: 'section',
    parent: null,
    title: 'Agriculture, forestry and fishing',
  },
  {
    code: '03',
    level: 'division',
    parent: 'A',
    title: 'Fishing and aquaculture',
  },
  { code: '032', level: 'group', parent: '03', title: 'Aquaculture' },
  { code: '0321', level: 'class', parent: '032', title: 'Marine aquaculture' },
  {
    code: '0322',
    level: 'class',
    parent: '032',
    title: 'Freshwater aquaculture',
  },
];
const naics = {
  '334413': {
    Title: 'Semiconductor and Related Device Manufacturing ',
    Description:
      'This U.S. industry comprises establishments primarily engaged in manufacturing semiconductors.\r\n\r\nIllustrative Examples:\r\n\r\nIntegrated circuits\r\nSolar cells\r\n\r\nCross-References. Establishments primarily engaged in--',
  },
  '333314': {
    Title: 'Optical Instrument and Lens ManufacturingT',
    Description: 'Manufacturing binoculars, microscopes and lenses.',
  },
  '112511': {
    Title: 'Finfish Farming and Fish Hatcheries',
    Description: 'Farming finfish in marine waters.',
  },
  '112512': {
    Title: 'Shellfish Farming',
    Description: 'Farming oysters and clams.',
  },
};
const crosswalk = [
  {
    naics: '3344',
    isicDivision: '26',
    share: 1,
    note: 'Semiconductors (ISIC 2610)',
  },
  { naics: '3333', isicDivision: '26', share: 1, note: 'Optical instruments' },
  {
    naics: '1125',
    isicDivision: '03',
    share: 1,
    note: 'Aquaculture (ISIC 032x)',
  },
];
const glossary = [{ isic: '0321', terms: ['salmon farming', 'oysters'] }];

describe('sector terms', () => {
  it('tokenize like the keyword channel (a copy: see sector-inference.ts)', () => {
    for (const text of [
      'The SiC power-modules of 200 mm, for Viña del Mar!',
      'パワー半導体 반도체 클러스터 ฟาร์มเลี้ยงปลา Ｒ＆Ｄ a b',
      'Ｆｕｌｌ-width ＡＢＣ, Straße, İstanbul, x',
    ])
      expect(sectorTokenize(text)).toEqual(tokenize(text));
  });
  it('stems plurals and common suffixes, and unifies British and US spelling', () => {
    expect(stem('semiconductors')).toBe('semiconductor');
    expect(stem('fisheries')).toBe('fishery');
    expect(stem('processing')).toBe(stem('processed'));
    expect(stem('fibre')).toBe(stem('fiber'));
    expect(sectorTerms('Establishments primarily engaged in Lenses')).toEqual(['lens']);
  });
  it('reads the ISIC classes a crosswalk note names', () => {
    const classes = ['0321', '0322', '1061', '1062', '1071', '1072', '1073'];
    expect(classesInNote('Aquaculture (ISIC 032x)', classes)).toEqual(['0321', '0322']);
    expect(classesInNote('Grain (ISIC 1061/1062)', classes)).toEqual(['1061', '1062']);
    expect(classesInNote('Other (ISIC 1071-1072, 1073)', classes)).toEqual([
      '1071',
      '1072',
      '1073',
    ]);
    expect(classesInNote('Software publishers', classes)).toEqual([]);
  });
});

describe('buildSectorVocabulary', () => {
  const vocab = buildSectorVocabulary(isic, naics, crosswalk, { glossary });
  const doc = (code: string) => vocab.documents.find((d) => d.code === code)!;

  it('makes one document per ISIC class', () => {
    expect(vocab.documents.map((d) => d.code)).toEqual(['2610', '2670', '0321', '0322']);
  });
  it('places a NAICS industry in the class of its division that its text matches best', () => {
    expect(doc('2610').terms).toHaveProperty('semiconductor');
    expect(doc('2610').terms).toHaveProperty('integrat_circuit');
    expect(doc('2670').terms).toHaveProperty('binocular');
    expect(doc('2610').terms).not.toHaveProperty('binocular');
  });
  it('spreads an industry over the named classes when they match it equally, and adds the glossary', () => {
    expect(doc('0321').terms).toHaveProperty('finfish'); // 'marine waters'
    expect(doc('0322').terms).not.toHaveProperty('finfish');
    expect(doc('0321').terms.shellfish).toBeCloseTo(doc('0322').terms.shellfish);
    expect(doc('0321').terms).toHaveProperty('salmon');
    expect(doc('0322').terms).not.toHaveProperty('salmon');
  });
  it('drops NAICS cross-references and keeps the embedding text short', () => {
    expect(doc('2610').terms).not.toHaveProperty('cross');
    expect(doc('0321').embeddingText).toBe(
      'Marine aquaculture; salmon farming, oysters; Shellfish Farming; Finfish Farming and Fish Hatcheries',
    );
  });
});

describe('SectorInferrer', () => {
  const vocab = buildSectorVocabulary(isic, naics, crosswalk, { glossary });

  it('ranks the best class of each division, best division first, with decreasing confidence', () => {
    const out = new SectorInferrer(vocab).infer(
      'Wafer fab making power semiconductors and integrated circuits',
    );
    expect(out.map((s) => s.code)).toEqual(['2610', expect.stringMatching(/^03/)]);
    expect(out[0].confidence).toBeGreaterThan(out[1].confidence);
    for (const s of out) expect(s.confidence).toBeGreaterThanOrEqual(0);
    for (const s of out) expect(s.confidence).toBeLessThanOrEqual(1);
  });
  it('returns nothing for a text without evidence', () => {
    expect(new SectorInferrer(vocab).infer('')).toEqual([]);
    expect(new SectorInferrer(vocab).infer('partners wanted')).toEqual([]);
  });
  it('uses the vector channel, and leans on it for text the keywords cannot read', () => {
    const unit = (i: number) => Float32Array.from([0, 1, 2, 3], (j) => (j === i ? 1 : 0));
    const vectors = [unit(0), unit(1), unit(2), unit(3)];
    const thai = 'ฟาร์มเลี้ยงปลาน้ำจืด';
    const readAll = new SectorInferrer(vocab, vectors, { fullCoverage: 0 });
    const readNone = new SectorInferrer(vocab, vectors, { fullCoverage: 0.5 });
    expect(readAll.infer(thai, unit(3))[0].code).toBe('0322');
    expect(readNone.score(thai, unit(3)).vectorWeight).toBe(1);
    expect(readNone.score('salmon farming', unit(3)).vectorWeight).toBeCloseTo(0.3);
    expect(readNone.infer('salmon farming', unit(3))[0].code).toBe('0321');
  });
  it('rejects vectors that do not match the documents', () => {
    expect(() => new SectorInferrer(vocab, [new Float32Array(4)])).toThrow();
  });
});

describe('the derived vocabulary (seeds/sectors/sector-vocabulary.json)', () => {
  const file = path.join(__dirname, '../../../seeds/sectors/sector-vocabulary.json');
  const vocab = JSON.parse(fs.readFileSync(file, 'utf8')) as SectorVocabulary;
  const inferrer = new SectorInferrer(vocab);
  const top = (text: string) => inferrer.infer(text, undefined, 3).map((s) => s.code);

  it('has the 419 ISIC classes', () => {
    expect(vocab.documents).toHaveLength(419);
  });
  it.each([
    ['SiC power semiconductor wafers and epitaxy', '2610'],
    ['Salmon farming and hatcheries in fjords', '0321'],
    ['Cloud software platform and mobile apps for logistics companies', '6201'],
    ['Hotel and eco-resort operator on the coast', '5510'],
    ['Short courses and apprenticeships for welding technicians', '8549'],
  ])('%s → %s first', (text, code) => {
    expect(top(text)[0]).toBe(code);
  });
});
