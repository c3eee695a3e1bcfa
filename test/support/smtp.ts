import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './processes';

/** A real SMTP server on loopback that parses and keeps every message it accepts. */
export interface TestSmtp {
  url: string;
  port: number;
  messages: (ParsedMail & { raw: string })[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSmtp(port?: number): Promise<TestSmtp> {
  const p = port ?? (await freePort());
  const messages: (ParsedMail & { raw: string })[] = [];
  let server: SMTPServer | undefined;
  const start = () =>
    new Promise<void>((resolve) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            simpleParser(raw)
              .then((parsed) => {
                messages.push(Object.assign(parsed, { raw }));
                callback();
              })
              .catch((e: Error) => callback(e));
          });
        },
      });
      server.listen(p, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await start();
  return { url: `smtp://127.0.0.1:${p}`, port: p, messages, stop, start };
}
