import { renderEmail } from '../i18n/email-templates';
import { Locale } from '../i18n/locales';
import { translator } from '../i18n/translations';
import { MailMessage } from '../mail/mailer';

/**
 * The sign-in email, in the language the browser asked in: the link, how long it works, and what
 * to do if it was not you (i18n/emails/sign-in.mjml and sign-in.txt.hbs).
 */
export async function signInEmail(
  to: string,
  url: string,
  minutes: number,
  locale: Locale,
): Promise<MailMessage> {
  const t = translator(locale, 'email');
  const subject = t('signIn.subject');
  const { html, text } = await renderEmail('sign-in', {
    lang: locale,
    subject,
    asked: t('signIn.asked'),
    action: t('signIn.action'),
    url,
    validity: t('signIn.validity', { count: minutes }),
  });
  return { to, subject, text, html };
}
