import { renderDigest } from '../../../src/digests/digest-email';
import { economyName } from '../../../src/i18n/economy-names';
import { renderPage } from '../../../src/i18n/email-templates';
import { LOCALES, Locale } from '../../../src/i18n/locales';
import { renderReason } from '../../../src/i18n/reasons';
import { readCatalog } from '../../../src/i18n/translations';
import {
  IntroductionNotice,
  renderIntroductionEmail,
} from '../../../src/introductions/introduction-email';
import { ReasonPart } from '../../../src/matching/explain';
import { signInEmail } from '../../../src/sessions/sign-in-email';

/**
 * Every email in every locale: escaped, dated and counted the locale's way, and — apart from what
 * users wrote and the English sector titles — with no English sentence left in other locales.
 */

const AT = new Date('2026-12-03T09:00:00.000Z');
// User-written text, chosen so that it shares no phrase with the English catalogs.
const RECIPIENT = 'Kyūshū <Silicon> & Co';
const PARTNER = 'Saigon Hi-Tech Park';
const PARTS: ReasonPart[] = [
  { kind: 'need_meets_offer', yours: 'SiC 200 mm', theirs: 'GaN-on-Si epi' },
  { kind: 'offer_meets_need', yours: 'Reinraum Schulung', theirs: 'Wafer Probe' },
  { kind: 'worked_together', title: 'HORIZON-CL4 SiCmore', year: '2024' },
  { kind: 'common_partners', names: ['Fraunhofer IISB', 'imec'] },
  { kind: 'shared_sector', code: '2610', inferred: true },
  { kind: 'shared_languages', languages: ['en', 'ja'] },
  { kind: 'you_target_economy', economy: 'TW' },
  { kind: 'they_target_you' },
];
const OTHER_PARTS: ReasonPart[] = [
  { kind: 'known_partner' },
  { kind: 'similar_profiles' },
  { kind: 'related_sectors', codes: ['26', '27'] },
];
const NOTICES: IntroductionNotice[] = [
  'requested',
  'accepted',
  'released',
  'declined',
  'expired',
  'withdrawn',
];

async function everyEmail(locale: Locale) {
  const digest = await renderDigest({
    recipientName: RECIPIENT,
    locale,
    timezone: 'Asia/Tokyo',
    at: AT,
    entries: [PARTS, OTHER_PARTS].map((parts, i) => ({
      partnerName: `${PARTNER} ${i + 1}`,
      partnerEconomy: economyName(i ? 'HK' : 'VN', locale),
      reason: renderReason(parts, locale),
      score: 0.5,
      link: `https://pec.example/suggestions/sug_${i}?a=1&b=2`,
    })),
    suggestionsUrl: 'https://pec.example/clusters/c1/suggestions',
    unsubscribeUrl: 'https://pec.example/v1/unsubscribe?recipient=cluster%3Ac1&signature=x',
  });
  const intros = await Promise.all(
    NOTICES.map((notice) =>
      renderIntroductionEmail({
        notice,
        locale,
        timezone: 'Asia/Bangkok',
        recipientName: RECIPIENT,
        otherName: PARTNER,
        otherEconomy: economyName('VN', locale),
        message: 'Xin chào <3',
        deadline: '2026-12-17T09:00:00.000Z',
        link: 'https://pec.example/introductions/intro_1',
      }),
    ),
  );
  const signIn = await signInEmail('a@b.example', 'https://pec.example/sign-in?t=1', 15, locale);
  return { digest, intros, signIn: { ...signIn, subject: signIn.subject } };
}

/** What a reader sees of an HTML email: its text, entities decoded, without the hidden markup. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|script|title)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function strings(o: unknown): string[] {
  return typeof o === 'string' ? [o] : Object.values(o as object).flatMap(strings);
}

/** English phrases of the email and reason catalogs: every run of two or more words. */
const englishPhrases = [
  ...new Set(
    [...strings(readCatalog('en', 'email')), ...strings(readCatalog('en', 'reasons'))]
      .flatMap((s) => s.split(/\{\{[^}]+\}\}|[.,:;!?“”'()]/))
      .map((s) => s.trim())
      .filter((s) => /^[A-Za-z]+( [A-Za-z]+)+$/.test(s)),
  ),
];

describe.each(LOCALES)('emails in %s', (locale) => {
  let all: Awaited<ReturnType<typeof everyEmail>>;
  beforeAll(async () => {
    all = await everyEmail(locale);
  });
  const mails = () => [all.digest, ...all.intros, all.signIn];

  it('declare their language and escape what users wrote', () => {
    for (const m of mails()) {
      expect(m.html).toMatch(new RegExp(`<html lang="${locale}"`));
      expect(m.html).not.toContain('<Silicon>');
      expect(m.subject).toMatch(/\S/);
      expect(m.text).toMatch(/https:\/\/pec\.example\//);
    }
    expect(all.digest.html).toContain('Kyūshū &lt;Silicon&gt; &amp; Co');
    expect(all.digest.text).toContain(RECIPIENT);
    expect(all.intros[0].html).toContain('Xin chào &lt;3');
    // Links keep working once the HTML is parsed.
    expect(visibleText(all.digest.html.match(/href="([^"]*sug_0[^"]*)"/)![1])).toBe(
      'https://pec.example/suggestions/sug_0?a=1&b=2',
    );
  });

  it('count and date the locale’s way', () => {
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Tokyo' });
    expect(visibleText(all.digest.html)).toContain(date.format(AT));
    const deadline = new Intl.DateTimeFormat(locale, {
      dateStyle: 'long',
      timeZone: 'Asia/Bangkok',
    }).format(new Date('2026-12-17T09:00:00.000Z'));
    expect(all.intros[0].text).toContain(deadline);
    expect(all.digest.subject).toContain('2');
    expect(all.signIn.text).toContain('15');
  });

  it('show partner economies by APEC’s names', () => {
    expect(all.digest.text).toContain(economyName('HK', locale));
    expect(all.digest.text).toContain(economyName('TW', locale));
  });

  if (locale !== 'en')
    it('contain no English sentence beyond user text and sector titles', () => {
      // The product's name is the same in every language.
      const phrases = englishPhrases.filter((p) => p !== 'PEC Match');
      expect(phrases.length).toBeGreaterThan(40);
      for (const m of mails()) {
        const seen = `${m.subject}\n${visibleText(m.html)}\n${m.text}`;
        expect(phrases.filter((p) => seen.includes(p))).toEqual([]);
      }
    });
});

describe('the unsubscribe pages', () => {
  it('speak the recipient’s language and escape the name', () => {
    const html = renderPage({ lang: 'th', title: 'ยกเลิก <x>', body: 'a & b' });
    expect(html).toContain('<html lang="th">');
    expect(html).toContain('ยกเลิก &lt;x&gt;');
    expect(html).toContain('a &amp; b');
    expect(html).not.toContain('<form');
  });
});
