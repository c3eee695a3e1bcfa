import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/common/paths';
import { economyName, economyNames } from '../../../src/i18n/economy-names';
import { LOCALES } from '../../../src/i18n/locales';

const apec = (
  JSON.parse(readFileSync(join(projectRoot(), 'seeds/economies/apec-economies.json'), 'utf8')) as {
    economies: { code: string; name: string }[];
  }
).economies;

/** APEC's names, pinned where a well-meaning "fix" (Intl.DisplayNames) would be wrong. */
const PINNED: Record<string, Record<(typeof LOCALES)[number], string>> = {
  TW: {
    en: 'Chinese Taipei',
    es: 'Taipéi Chino',
    ja: 'チャイニーズ・タイペイ',
    'zh-Hans': '中华台北',
    'zh-Hant': '中華台北',
    ko: '중화 타이베이',
    ru: 'Китайский Тайбэй',
    th: 'จีนไทเป',
    vi: 'Đài Bắc Trung Hoa',
    id: 'Taipei Tiongkok',
    ms: 'Taipei China',
  },
  HK: {
    en: 'Hong Kong, China',
    es: 'Hong Kong, China',
    ja: '中国香港',
    'zh-Hans': '中国香港',
    'zh-Hant': '中國香港',
    ko: '중국 홍콩',
    ru: 'Гонконг, Китай',
    th: 'ฮ่องกง จีน',
    vi: 'Hồng Kông, Trung Quốc',
    id: 'Hong Kong, Tiongkok',
    ms: 'Hong Kong, China',
  },
  KR: {
    en: 'Republic of Korea',
    es: 'República de Corea',
    ja: '韓国',
    'zh-Hans': '韩国',
    'zh-Hant': '韓國',
    ko: '대한민국',
    ru: 'Республика Корея',
    th: 'สาธารณรัฐเกาหลี',
    vi: 'Hàn Quốc',
    id: 'Republik Korea',
    ms: 'Republik Korea',
  },
};

describe('economy names by APEC convention', () => {
  it('names all 21 member economies in all 11 locales, English as in the economies seed', () => {
    expect(Object.keys(economyNames()).sort()).toEqual(apec.map((e) => e.code).sort());
    for (const e of apec) {
      expect(economyName(e.code, 'en')).toBe(e.name);
      for (const l of LOCALES) expect(economyNames()[e.code][l]).toMatch(/\S/);
    }
  });

  it.each(Object.keys(PINNED))('pins %s in every locale', (code) => {
    for (const l of LOCALES) expect([l, economyName(code, l)]).toEqual([l, PINNED[code][l]]);
  });

  it('never names Taiwan, Hong Kong or Korea as CLDR does, in any locale', () => {
    const all = Object.values(economyNames()).flatMap((names) => Object.values(names));
    const cldr = LOCALES.flatMap((l) => {
      const d = new Intl.DisplayNames([l], { type: 'region' });
      return [d.of('TW')!, d.of('HK')!];
    }).filter((n) => !['Hong Kong, China', '中国香港'].includes(n));
    for (const name of all) expect(cldr).not.toContain(name);
    expect(all.join('|')).not.toMatch(/Taiwan|台湾|臺灣|台灣|Тайвань|ไต้หวัน|Đài Loan|대만|타이완/);
    expect(economyName('VN', 'en')).toBe('Viet Nam');
    expect(economyName('BN', 'ms')).toBe('Brunei Darussalam');
  });

  it('keeps a guest economy’s given name, else its code', () => {
    expect(economyName('DE', 'ja', 'Germany')).toBe('Germany');
    expect(economyName('DE', 'ja')).toBe('DE');
  });
});
