import { renderEmail } from '../i18n/email-templates';
import { Locale } from '../i18n/locales';
import { translator } from '../i18n/translations';

/**
 * What an introduction email says; which step it is about decides the wording. `released` goes to
 * the partner who accepted: their contact details are now shared.
 */
export type IntroductionNotice =
  'requested' | 'accepted' | 'released' | 'declined' | 'expired' | 'withdrawn';

export interface IntroductionEmailContent {
  notice: IntroductionNotice;
  locale: Locale;
  /** The recipient's time zone, for the dates the email shows. */
  timezone: string;
  recipientName: string;
  /** The other side, by public name and economy (never its contact details). */
  otherName: string;
  /** The other side's economy, named in the recipient's locale. */
  otherEconomy: string;
  /** The requester's message (for `requested`) or the partner's note (for `declined`). */
  message: string | null;
  deadline: string;
  link: string;
}

/**
 * An introduction email in the recipient's locale (i18n/emails/introduction.mjml and
 * introduction.txt.hbs): escaped HTML and plain text; what users wrote stays as they wrote it.
 */
export async function renderIntroductionEmail(
  c: IntroductionEmailContent,
): Promise<{ subject: string; html: string; text: string }> {
  const t = translator(c.locale, 'email');
  const n = `introduction.${c.notice}`;
  const values = {
    other: c.otherName,
    economy: c.otherEconomy,
    deadline: new Date(c.deadline),
    formatParams: { deadline: { timeZone: c.timezone } },
  };
  const lines = [t(`${n}.body`, values)];
  if (c.notice === 'requested') {
    if (c.message) lines.push(t(`${n}.message`, { message: c.message }));
    lines.push(t(`${n}.deadline`, values));
  }
  if (c.notice === 'accepted' || c.notice === 'released') lines.push(t(`${n}.contacts`));
  if (c.notice === 'declined' && c.message) lines.push(t(`${n}.note`, { message: c.message }));
  const subject = t(`${n}.subject`, values);
  const { html, text } = await renderEmail('introduction', {
    lang: c.locale,
    subject,
    hello: t('introduction.hello', { name: c.recipientName }),
    lines,
    action: t(`${n}.action`),
    link: c.link,
    footer: t('introduction.footer'),
  });
  return { subject, html, text };
}
