/**
 * The digest email, rendered as HTML (table layout, inline styles: what common clients render
 * well) and plain text. All user-written text is HTML-escaped. Templates: English, Spanish,
 * Japanese; other languages get English.
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
  language: string;
  period: string;
  entries: DigestEntry[];
  suggestionsUrl: string;
  unsubscribeUrl: string;
}

const STRINGS = {
  en: {
    subject: (n: number) => `${n} new partner suggestion${n === 1 ? '' : 's'} from PEC Match`,
    hello: (name: string) => `New partner suggestions for ${name}`,
    intro:
      'Clusters and organisations in other APEC economies that fit your needs and offers, with the reason for each:',
    open: 'Open',
    all: 'See all your suggestions',
    footer: 'You receive this digest because your organisation is on the PEC platform.',
    unsubscribe: 'Unsubscribe from these digests',
  },
  es: {
    subject: (n: number) =>
      `${n} ${n === 1 ? 'nueva sugerencia' : 'nuevas sugerencias'} de socios de PEC Match`,
    hello: (name: string) => `Nuevas sugerencias de socios para ${name}`,
    intro:
      'Clústeres y organizaciones de otras economías APEC que encajan con sus necesidades y ofertas, con el motivo de cada una:',
    open: 'Abrir',
    all: 'Ver todas sus sugerencias',
    footer: 'Recibe este resumen porque su organización está en la plataforma PEC.',
    unsubscribe: 'Darse de baja de estos resúmenes',
  },
  ja: {
    subject: (n: number) => `PEC Match：新しいパートナー候補 ${n} 件`,
    hello: (name: string) => `${name} への新しいパートナー候補`,
    intro:
      '他の APEC エコノミーのクラスターや組織のうち、貴団体のニーズとオファーに合うものです（理由付き）：',
    open: '開く',
    all: 'すべての候補を見る',
    footer:
      '貴団体が PEC プラットフォームに登録されているため、このダイジェストをお送りしています。',
    unsubscribe: 'このダイジェストの配信を停止する',
  },
} as const;

export type TemplateLanguage = keyof typeof STRINGS;
export const TEMPLATE_LANGUAGES = Object.keys(STRINGS) as TemplateLanguage[];

export function templateLanguage(
  candidates: readonly (string | null | undefined)[],
): TemplateLanguage {
  for (const c of candidates) {
    const primary = c?.split('-')[0].toLowerCase();
    if (primary && (TEMPLATE_LANGUAGES as string[]).includes(primary))
      return primary as TemplateLanguage;
  }
  return 'en';
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderDigest(c: DigestContent): { subject: string; html: string; text: string } {
  const t = STRINGS[templateLanguage([c.language])];
  const subject = t.subject(c.entries.length);
  const rows = c.entries
    .map(
      (e) => `<tr><td style="padding:14px 0;border-bottom:1px solid #e5e7eb;">
<div style="font-size:16px;font-weight:bold;color:#111827;">${escapeHtml(e.partnerName)} <span style="font-weight:normal;color:#6b7280;">· ${escapeHtml(e.partnerEconomy)}</span></div>
<div style="font-size:14px;line-height:20px;color:#374151;margin:6px 0;">${escapeHtml(e.reason)}</div>
<a href="${escapeHtml(e.link)}" style="font-size:14px;color:#1d4ed8;text-decoration:underline;">${t.open}</a></td></tr>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="${templateLanguage([c.language])}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;">
<tr><td style="padding:24px 28px 8px;font-size:20px;font-weight:bold;color:#111827;">${escapeHtml(t.hello(c.recipientName))}</td></tr>
<tr><td style="padding:0 28px;font-size:14px;line-height:20px;color:#374151;">${t.intro}</td></tr>
<tr><td style="padding:8px 28px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">
${rows}
</table></td></tr>
<tr><td style="padding:16px 28px;"><a href="${escapeHtml(c.suggestionsUrl)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:4px;font-size:14px;text-decoration:none;">${t.all}</a></td></tr>
<tr><td style="padding:16px 28px 24px;font-size:12px;line-height:18px;color:#6b7280;">${t.footer}<br><a href="${escapeHtml(c.unsubscribeUrl)}" style="color:#6b7280;">${t.unsubscribe}</a></td></tr>
</table></td></tr></table></body></html>`;
  const text = [
    t.hello(c.recipientName),
    '',
    t.intro,
    '',
    ...c.entries.flatMap((e, i) => [
      `${i + 1}. ${e.partnerName} (${e.partnerEconomy})`,
      `   ${e.reason}`,
      `   ${e.link}`,
      '',
    ]),
    `${t.all}: ${c.suggestionsUrl}`,
    '',
    `${t.footer}`,
    `${t.unsubscribe}: ${c.unsubscribeUrl}`,
  ].join('\n');
  return { subject, html, text };
}
