import { escapeHtml } from '../digests/digest-email';

/** What an introduction email says; which step it is about decides the wording. */
export type IntroductionNotice = 'requested' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

export interface IntroductionEmailContent {
  notice: IntroductionNotice;
  recipientName: string;
  /** The other side, by public name and economy (never its contact details). */
  otherName: string;
  otherEconomy: string;
  /** The requester's message (for `requested`) or the partner's note (for `declined`). */
  message: string | null;
  deadline: string;
  link: string;
}

const dateOf = (iso: string) => iso.slice(0, 10);

function wording(c: IntroductionEmailContent): {
  subject: string;
  lines: string[];
  action: string;
} {
  const other = `${c.otherName} (${c.otherEconomy})`;
  switch (c.notice) {
    case 'requested':
      return {
        subject: `Introduction request from ${c.otherName}`,
        lines: [
          `${other} asks PEC Match to introduce them to you.`,
          ...(c.message ? [`Their message: “${c.message}”`] : []),
          `Please accept or decline by ${dateOf(c.deadline)}. Your contact details are shared with them only if you accept, and theirs with you.`,
        ],
        action: 'Answer the request',
      };
    case 'accepted':
      return {
        subject: `${c.otherName} accepted your introduction request`,
        lines: [
          `${other} accepted your introduction request.`,
          'Their contact details are now shown to you, and yours to them, on the introduction page in PEC Match.',
        ],
        action: 'See the introduction',
      };
    case 'declined':
      return {
        subject: `${c.otherName} declined your introduction request`,
        lines: [
          `${other} declined your introduction request. No contact details were shared.`,
          ...(c.message ? [`Their note: “${c.message}”`] : []),
        ],
        action: 'See your suggestions',
      };
    case 'expired':
      return {
        subject: `Your introduction request to ${c.otherName} expired`,
        lines: [
          `${other} did not answer your introduction request by ${dateOf(c.deadline)}, so it has expired. No contact details were shared.`,
        ],
        action: 'See your suggestions',
      };
    case 'withdrawn':
      return {
        subject: `${c.otherName} withdrew its introduction request`,
        lines: [
          `${other} withdrew its request to be introduced to you. Nothing is needed from you.`,
        ],
        action: 'See your introductions',
      };
  }
}

/** An introduction email: HTML with inline styles and plain text; user text is escaped. */
export function renderIntroductionEmail(c: IntroductionEmailContent): {
  subject: string;
  html: string;
  text: string;
} {
  const w = wording(c);
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(w.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;">
<tr><td style="padding:24px 28px 8px;font-size:20px;font-weight:bold;color:#111827;">Hello ${escapeHtml(c.recipientName)},</td></tr>
${w.lines.map((l) => `<tr><td style="padding:6px 28px;font-size:14px;line-height:20px;color:#374151;">${escapeHtml(l)}</td></tr>`).join('\n')}
<tr><td style="padding:16px 28px 24px;"><a href="${escapeHtml(c.link)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:4px;font-size:14px;text-decoration:none;">${escapeHtml(w.action)}</a></td></tr>
<tr><td style="padding:0 28px 24px;font-size:12px;line-height:18px;color:#6b7280;">PEC Match, the partner matching of the APEC cluster platform. You receive this because an introduction involves you.</td></tr>
</table></td></tr></table></body></html>`;
  const text = [
    `Hello ${c.recipientName},`,
    '',
    ...w.lines,
    '',
    `${w.action}: ${c.link}`,
    '',
    'PEC Match, the partner matching of the APEC cluster platform. You receive this because an introduction involves you.',
  ].join('\n');
  return { subject: w.subject, html, text };
}
