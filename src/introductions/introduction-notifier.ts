import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { DomainError } from '../common/errors/domain-error';
import { DigestRecipients } from '../digests/digest-recipients';
import { JobName, JobQueue } from '../jobs/jobs';
import { EconomiesRepository } from '../economies/economies.repository';
import { economyName } from '../i18n/economy-names';
import { Mailer } from '../mail/mailer';
import { PartyDirectory } from '../parties/party-directory';
import { IntroductionNotification, IntroductionStatus, NOTIFIED_FIELD } from './introduction';
import { IntroductionNotice, renderIntroductionEmail } from './introduction-email';
import { IntroductionsRepository } from './introductions.repository';

/**
 * The emails of introductions, each through a retried job: the partner hears of a request (and a
 * withdrawal), the requester of the answer (and of expiry). Never carries contact details. The
 * sweep expires overdue requests and queues emails that have not gone out.
 */
@Injectable()
export class IntroductionNotifier {
  private readonly logger = new Logger(IntroductionNotifier.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IntroductionsRepository) private readonly intros: IntroductionsRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(DigestRecipients) private readonly recipients: DigestRecipients,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(EconomiesRepository) private readonly economies: EconomiesRepository,
  ) {}

  /** Queues an email; if the queue cannot take it now, the sweep queues it later. */
  async queueEmail(id: string, which: IntroductionNotification): Promise<void> {
    await this.queue
      .enqueue(
        JobName.IntroductionNotify,
        { introductionId: id, which },
        { dedupId: `introduction-${id}-${which}` },
      )
      .catch((error: unknown) =>
        this.logger.warn(
          { introduction: id, err: (error as Error).message },
          'could not queue the introduction email; the sweep will',
        ),
      );
  }

  /**
   * The email job. Sent once (the introduction records it; the Message-ID is fixed); a failed send
   * throws and the job retries.
   */
  async notify(id: string, which: IntroductionNotification): Promise<string> {
    const intro = await this.intros.findById(id);
    if (!intro) return 'gone';
    if (intro[NOTIFIED_FIELD[which]]) return 'already';
    if (which === 'decision' && intro.status === 'pending') return 'undecided';
    if (which === 'release' && intro.status !== 'accepted') return 'not accepted';
    const notice: IntroductionNotice =
      which === 'request'
        ? 'requested'
        : which === 'release'
          ? 'released'
          : (intro.status as Exclude<IntroductionStatus, 'pending'>);
    // Requests, withdrawals and the release of contacts go to the partner; the partner's answers
    // and expiry to the requester.
    const toTarget = notice === 'requested' || notice === 'withdrawn' || notice === 'released';
    const [recipientKey, otherKey] = toTarget
      ? [intro.targetKey, intro.requesterKey]
      : [intro.requesterKey, intro.targetKey];
    const at = this.clock.nowIso();
    // A party that left is "recipient gone"; any other error (the store) fails the job, which retries.
    const recipient = await this.recipients.recipient(recipientKey).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') return undefined;
      throw error;
    });
    const other = await this.parties.find(otherKey);
    let detail: string;
    if (!recipient?.email || !other) {
      detail = `${notice} to ${recipientKey}: not sent (${recipient ? 'no email address' : 'recipient gone'})`;
    } else {
      const mail = await renderIntroductionEmail({
        notice,
        locale: recipient.language,
        timezone: recipient.timezone,
        recipientName: recipient.name,
        otherName: other.name,
        // A guest economy (outside the APEC table) is called by the name its operator gave it.
        otherEconomy: economyName(
          other.economy,
          recipient.language,
          (await this.economies.findByCode(other.economy))?.name,
        ),
        message:
          notice === 'requested' ? intro.message : notice === 'declined' ? intro.response : null,
        deadline: intro.expiresAt,
        link: `${this.config.digests.appBaseUrl}/introductions/${encodeURIComponent(intro.id)}`,
      });
      await this.mailer.send({
        to: recipient.email,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: {},
        messageId: `<introduction-${intro.id}-${which}@pec-match>`,
      });
      detail = `${notice} to ${recipientKey}`;
    }
    if (await this.intros.markNotified(id, which, at))
      await this.intros.addEvent({
        introductionId: id,
        type: 'notified',
        actor: 'system',
        at,
        detail,
      });
    return detail;
  }

  /** The sweep job: expires overdue introductions and queues emails not sent yet. */
  async sweep(): Promise<{ expired: number; queued: number }> {
    const at = this.clock.nowIso();
    let expired = 0;
    for (;;) {
      const overdue = await this.intros.overdue(at, 200);
      if (!overdue.length) break;
      for (const intro of overdue) {
        const done = await this.intros.decide(
          intro.id,
          'expired',
          { introductionId: intro.id, type: 'expired', actor: 'system', at, detail: null },
          null,
        );
        if (done) expired += 1;
      }
      if (overdue.length < 200) break;
    }
    let queued = 0;
    for (const intro of await this.intros.unnotified(1000)) {
      if (!intro.requestNotifiedAt) {
        await this.queueEmail(intro.id, 'request');
        queued += 1;
      }
      if (intro.status !== 'pending' && !intro.decisionNotifiedAt) {
        await this.queueEmail(intro.id, 'decision');
        queued += 1;
      }
      if (intro.status === 'accepted' && !intro.releaseNotifiedAt) {
        await this.queueEmail(intro.id, 'release');
        queued += 1;
      }
    }
    return { expired, queued };
  }
}
