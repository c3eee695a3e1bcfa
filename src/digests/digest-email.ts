import { renderEmail } from '../i18n/email-templates';
import { Locale } from '../i18n/locales';
import { translator } from '../i18n/translations';

/**
 * The digest email in the recipient's locale: i18n/emails/digest.mjml (responsive HTML, escaped by
 * Handlebars) and digest.txt.hbs, with the words of i18n/locales/<locale>/email.json. Partner
 * names stay as their owners wrote them; reasons and economy names come rendered in the locale.
 */
export interface DigestEntry {
  partnerName: string;
  partnerEconomy: string;
  reason: string;
  score: number;
  link: string;
}

export interface DigestContent {
  recipientName: string;
  locale: Locale;
  /** The recipient's time zone, for the date the digest shows. */
  timezone: string;
  at: Date;
  entries: DigestEntry[];
  suggestionsUrl: string;
  unsubscribeUrl: string;
}

export async function renderDigest(
  c: DigestContent,
): Promise<{ subject: string; html: string; text: string }> {
  const t = translator(c.locale, 'email');
  const count = c.entries.length;
  const subject = t('digest.subject', { count });
  const { html, text } = await renderEmail('digest', {
    lang: c.locale,
    subject,
    preheader: t('digest.preheader'),
    hello: t('digest.hello', { name: c.recipientName }),
    intro: t('digest.intro'),
    asOf: t('digest.asOf', {
      date: c.at,
      formatParams: { date: { timeZone: c.timezone } },
    }),
    count: t('digest.count', { count }),
    entries: c.entries.map((e, i) => ({ ...e, number: i + 1 })),
    open: t('digest.open'),
    all: t('digest.all'),
    footer: t('digest.footer'),
    unsubscribe: t('digest.unsubscribe'),
    suggestionsUrl: c.suggestionsUrl,
    unsubscribeUrl: c.unsubscribeUrl,
  });
  return { subject, html, text };
}
