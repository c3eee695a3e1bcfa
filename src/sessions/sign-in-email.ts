import { escapeHtml } from '../digests/digest-email';
import { MailMessage } from '../mail/mailer';

/** The sign-in email: the link, how long it works, and what to do if it was not you. */
export function signInEmail(to: string, url: string, minutes: number): MailMessage {
  const text = [
    'Someone asked to sign in to PEC Match with this address. If it was you, open this link:',
    '',
    url,
    '',
    `It works once, within ${minutes} minutes. If it was not you, ignore this email: nothing happens.`,
  ].join('\n');
  const html = `<p>Someone asked to sign in to PEC Match with this address. If it was you, open this link:</p>
<p><a href="${escapeHtml(url)}">Sign in to PEC Match</a></p>
<p>It works once, within ${minutes} minutes. If it was not you, ignore this email: nothing happens.</p>`;
  return { to, subject: 'Sign in to PEC Match', text, html };
}
