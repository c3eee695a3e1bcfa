import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { MailMessage, Mailer } from './mailer';

function envelope(from: string, m: MailMessage) {
  return {
    from,
    to: m.to,
    subject: m.subject,
    html: m.html,
    text: m.text,
    headers: m.headers,
    messageId: m.messageId,
  };
}

/** Mail over SMTP (SMTP_URL), with bounded timeouts: a dead server fails the send, which is retried later. */
export class SmtpMailer extends Mailer {
  readonly kind = 'smtp' as const;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transport = nodemailer.createTransport(url, {
      connectionTimeout: 10000,
      greetingTimeout: 10000,
      socketTimeout: 30000,
    } as never);
  }

  async send(m: MailMessage): Promise<{ messageId: string }> {
    const info = (await this.transport.sendMail(envelope(this.from, m))) as { messageId: string };
    return { messageId: info.messageId };
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

/** Mail written to a folder as .eml files (no SMTP configured): what would have been sent, readable by any mail client. */
export class FileOutboxMailer extends Mailer {
  readonly kind = 'outbox' as const;
  private readonly transport: Transporter;

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    super();
    mkdirSync(dir, { recursive: true });
    this.transport = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'unix',
    });
  }

  async send(m: MailMessage): Promise<{ messageId: string }> {
    const info = (await this.transport.sendMail(envelope(this.from, m))) as {
      messageId: string;
      message: Buffer;
    };
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^\w.@-]/g, '')}.eml`;
    writeFileSync(join(this.dir, `${name}.tmp`), info.message);
    renameSync(join(this.dir, `${name}.tmp`), join(this.dir, name));
    return { messageId: info.messageId };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
