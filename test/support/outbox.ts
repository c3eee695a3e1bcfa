import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The raw mail with its base64 parts decoded after it (mails in other scripts come so). */
function withBase64Decoded(raw: string): string {
  const decoded = [
    ...raw.matchAll(
      /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g,
    ),
  ].map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'));
  return [raw, ...decoded].join('\n');
}

/**
 * The mails the embedded default wrote to DATA_DIR/outbox, oldest first, quoted-printable soft
 * breaks and `=3D` undone and base64 parts decoded, so links read as sent.
 */
export function outboxMails(dataDir: string): string[] {
  const dir = join(dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) =>
      withBase64Decoded(
        readFileSync(join(dir, f), 'utf8')
          .replace(/=\r?\n/g, '')
          .replace(/=3D/g, '='),
      ),
    );
}

/** The sign-in links in the outbox, oldest first. */
export function signInLinks(dataDir: string): string[] {
  return outboxMails(dataDir)
    .map((mail) => /https?:\/\/[^\s"<]+\/v1\/auth\/callback\?token=[\w-]+/.exec(mail)?.[0] ?? '')
    .filter(Boolean);
}
