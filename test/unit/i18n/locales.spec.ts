import { DomainError } from '../../../src/common/errors/domain-error';
import { acceptLanguageTags, resolveLocale, supportedLocale } from '../../../src/i18n/locales';
import { readerLocale } from '../../../src/i18n/reader-locale';

describe('locales', () => {
  it('maps tags to the 11 supported locales', () => {
    expect(supportedLocale('es-MX')).toBe('es');
    expect(supportedLocale('zh-TW')).toBe('zh-Hant');
    expect(supportedLocale('zh-Hant-HK')).toBe('zh-Hant');
    expect(supportedLocale('zh-CN')).toBe('zh-Hans');
    expect(supportedLocale('zh')).toBe('zh-Hans');
    expect(supportedLocale('zh', 'HK')).toBe('zh-Hant');
    expect(supportedLocale('ms-BN')).toBe('ms');
    expect(supportedLocale('in')).toBe('id');
    expect(supportedLocale('fr')).toBeNull();
    expect(supportedLocale('not a tag')).toBeNull();
  });

  it('takes the first supported candidate, else English', () => {
    expect(resolveLocale([null, 'fr', 'ru'])).toBe('ru');
    expect(resolveLocale(['mi', 'tpi'])).toBe('en');
    expect(resolveLocale(['zh', 'en'], 'HK')).toBe('zh-Hant');
  });

  it('orders Accept-Language by quality', () => {
    expect(acceptLanguageTags('fr;q=0.9, th, ja;q=0.95, *;q=0.1')).toEqual(['th', 'ja', 'fr']);
    expect(acceptLanguageTags(undefined)).toEqual([]);
  });

  it('reads ?lang= before Accept-Language, and refuses a language it does not speak', () => {
    expect(readerLocale('ko', 'ja')).toBe('ko');
    expect(readerLocale(undefined, 'fr-CA, vi;q=0.5')).toBe('vi');
    expect(readerLocale(undefined, undefined)).toBe('en');
    try {
      readerLocale('fr', 'ja');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
      expect((error as DomainError).fields[0].field).toBe('lang');
    }
  });
});
