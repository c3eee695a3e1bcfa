import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The mails the embedded default wrote to DATA_DIR/outbox, oldest first, quoted-printable soft
 * breaks and `=3D` undone so links read as sent.
 */
export function outboxMails(dataDir: string): string[] {
  const dir = join(dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) =>
      readFileSync(join(dir, f), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '='),
    );
}

/** The sign-in links in the outbox, oldest first. */
export function signInLinks(dataDir: string): string[] {
  return outboxMails(dataDir)
    .map((mail) => /https?:\/\/[^\s"<]+\/v1\/auth\/callback\?token=[\w-]+/.exec(mail)?.[0] ?? '')
    .filter(Boolean);
}
