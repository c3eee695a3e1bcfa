import { byScore, reciprocalRankFusion } from '../../../src/matching/fusion';
import { KeywordIndex } from '../../../src/vector-index/keyword-index';
import { tokenize } from '../../../src/vector-index/tokenize';

describe('tokenize', () => {
  it('lower-cases, drops stop words and punctuation, keeps numbers and accents', () => {
    expect(tokenize('The SiC power-modules of 200 mm, for Viña del Mar!')).toEqual([
      'sic',
      'power',
      'modules',
      '200',
      'mm',
      'viña',
      'del',
      'mar',
    ]);
  });
  it('splits scripts without spaces into character bigrams', () => {
    expect(tokenize('パワー半導体')).toEqual(['パワ', 'ワー', 'ー半', '半導', '導体']);
    expect(tokenize('半導体')).toEqual(['半導', '導体']);
    expect(tokenize('반도체 클러스터')).toEqual(['반도체', '클러스터']);
  });

  it('splits Thai into dictionary words, keeping combining vowels, dropping function words', () => {
    expect(tokenize('ต้องการพันธมิตรด้านพลังงานแสงอาทิตย์และแบตเตอรี่')).toEqual([
      'ต้องการ',
      'พันธมิตร',
      'ด้าน',
      'พลังงาน',
      'แสง',
      'อาทิตย์',
      'แบตเตอรี่',
    ]);
    // Thai and Latin in one title: each script its own way.
    expect(tokenize('การทดสอบแผง solar (PV) modules')).toEqual([
      'ทดสอบ',
      'แผง',
      'solar',
      'pv',
      'modules',
    ]);
  });
});

describe('KeywordIndex (BM25)', () => {
  const index = new KeywordIndex();
  beforeAll(() => {
    index.upsert({
      key: 'item:sic',
      text: 'SiC wafer foundry services for power modules',
      terms: ['isic:26'],
    });
    index.upsert({
      key: 'item:gan',
      text: 'GaN power devices and power amplifiers',
      terms: ['isic:26'],
    });
    index.upsert({
      key: 'item:salmon',
      text: 'Salmon feed and aquaculture services',
      terms: ['isic:03'],
    });
    index.upsert({ key: 'item:jp', text: 'パワー半導体の試作ライン' });
    index.upsert({ key: 'item:th-solar', text: 'บริการทดสอบแผงพลังงานแสงอาทิตย์' });
    index.upsert({ key: 'item:th-food', text: 'โปรตีนจากการหมักแม่นยำสำหรับอาหาร' });
  });

  it('ranks the document with the rare exact term first', () => {
    expect(index.search('SiC power modules', 3).map((h) => h.key)).toEqual([
      'item:sic',
      'item:gan',
    ]);
  });
  it('finds exact extra terms such as sector codes', () => {
    expect(index.search('', 5, undefined, ['isic:03']).map((h) => h.key)).toEqual(['item:salmon']);
  });
  it('matches Japanese text by bigrams', () => {
    expect(index.search('半導体', 5).map((h) => h.key)).toEqual(['item:jp']);
  });
  it('matches a Thai need to a Thai-titled offer by its words', () => {
    expect(index.search('ต้องการพันธมิตรทดสอบพลังงานแสงอาทิตย์', 5).map((h) => h.key)).toEqual([
      'item:th-solar',
    ]);
    expect(index.search('หมักโปรตีน', 5).map((h) => h.key)).toEqual(['item:th-food']);
  });
  it('filters, replaces and removes documents', () => {
    expect(index.search('power', 5, (k) => k !== 'item:gan').map((h) => h.key)).toEqual([
      'item:sic',
    ]);
    index.upsert({ key: 'item:gan', text: 'Cold-chain logistics' });
    expect(index.search('power', 5).map((h) => h.key)).toEqual(['item:sic']);
    index.remove('item:sic');
    expect(index.search('power', 5)).toEqual([]);
    expect(index.size).toBe(5);
  });
});

describe('reciprocal rank fusion', () => {
  it('rewards agreement between channels over a single first place', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['d', 'b'],
    ]);
    expect(byScore(fused)[0]).toBe('b');
    expect(fused.get('d')).toBeCloseTo(1 / 61, 10);
  });
});
