/** An email as the service writes it: both an HTML and a plain-text part, and extra headers. */
export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Fixed Message-ID (an idempotency key: a resend carries the same one). */
  messageId?: string;
}

/** Port: sends mail. SMTP in a deployment, a folder of .eml files otherwise. */
export abstract class Mailer {
  abstract readonly kind: 'smtp' | 'outbox';
  abstract send(message: MailMessage): Promise<{ messageId: string }>;
  abstract close(): Promise<void>;
}
