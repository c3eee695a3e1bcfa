import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock/clock';
import { Mailer } from '../mail/mailer';
import { DigestComposer } from './digest-composer';
import { DigestRecipients } from './digest-recipients';
import { DigestsRepository } from './digests.repository';

/**
 * How long a job holds the right to send one digest. Longer than an SMTP send can take (the
 * mailer's timeouts are 10 s to connect, 10 s for the greeting, 30 s of silence); a job that dies
 * while holding it delays that digest by this much, never loses it.
 */
const SEND_LEASE_MS = 5 * 60 * 1000;

/**
 * Sends one digest at most once per recipient and period: a record with a fixed Message-ID is
 * claimed before sending and marked sent after; only the holder of the send lease sends.
 */
@Injectable()
export class DigestSender {
  private readonly logger = new Logger(DigestSender.name);

  constructor(
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(DigestRecipients) private readonly recipients: DigestRecipients,
    @Inject(DigestComposer) private readonly composer: DigestComposer,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A retried or duplicated job finds the record and stops. */
  async send(recipientKey: string, period: string): Promise<string> {
    const r = await this.recipients.recipient(recipientKey);
    const at = this.clock.nowIso();
    const record = await this.digests.claim({
      recipientKey,
      period,
      status: 'pending',
      messageId: `<digest-${createHash('sha256').update(`${recipientKey}|${period}`).digest('hex').slice(0, 32)}@pec-match>`,
      email: r.email,
      attempts: 0,
      error: null,
      createdAt: at,
      sentAt: null,
      leaseUntil: null,
    });
    if (record.status !== 'pending') return record.status;
    if (!r.email || r.frequency === 'off' || r.unsubscribed) {
      await this.digests.markDone(recipientKey, period, 'skipped', at);
      return 'skipped';
    }
    const digest = await this.composer.compose(r, period);
    if (!digest.entries.length) {
      await this.digests.markDone(recipientKey, period, 'empty', at);
      return 'empty';
    }
    // Two jobs for one digest (a duplicate, or a retry while the first still runs): only the lease
    // holder sends; the other retries later and then finds the digest sent.
    const now = this.clock.now();
    const leased = await this.digests.lease(
      recipientKey,
      period,
      new Date(now.getTime() + SEND_LEASE_MS).toISOString(),
      now.toISOString(),
    );
    if (!leased) {
      const current = await this.digests.find(recipientKey, period);
      if (current && current.status !== 'pending') return current.status;
      throw new Error(`digest ${recipientKey} ${period} is being sent by another job`);
    }
    try {
      await this.mailer.send({
        to: r.email,
        subject: digest.subject,
        html: digest.html,
        text: digest.text,
        headers: digest.headers,
        messageId: record.messageId,
      });
    } catch (error) {
      await this.digests.recordAttempt(recipientKey, period, (error as Error).message);
      this.logger.warn(
        { recipient: recipientKey, period, err: (error as Error).message },
        'digest not sent; the job will retry',
      );
      throw error;
    }
    await this.digests.markSent(
      recipientKey,
      period,
      digest.entries.map((e) => ({ partnerKey: e.partnerKey, suggestionId: e.suggestionId })),
      this.clock.nowIso(),
    );
    return 'sent';
  }
}
