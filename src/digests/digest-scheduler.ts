import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { JobName, JobQueue, safeJobId } from '../jobs/jobs';
import { PartyDirectory } from '../parties/party-directory';
import { DigestRecord } from './digest';
import { digestPeriod } from './digest-period';
import { DigestRecipients, Recipient } from './digest-recipients';
import { DigestsRepository } from './digests.repository';

/**
 * The period whose digest is due for the recipient now, or null: nothing for a recipient without
 * an address, switched off or unsubscribed, before the send time of its period in its own time
 * zone, or when this period's digest has already been sent (or found empty or skipped).
 */
export async function dueDigestPeriod(
  r: Recipient,
  now: Date,
  hour: number,
  existing: (period: string) => Promise<DigestRecord | undefined>,
): Promise<string | null> {
  if (!r.email || r.frequency === 'off' || r.unsubscribed) return null;
  const period = digestPeriod(r.frequency, now, r.timezone, hour);
  if (!period.due) return null;
  const record = await existing(period.key);
  return record && record.status !== 'pending' ? null : period.key;
}

/** The digest tick: queues one send job per recipient whose digest is due. */
@Injectable()
export class DigestScheduler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(DigestRecipients) private readonly recipients: DigestRecipients,
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async enqueueDue(): Promise<{ queued: number }> {
    const now = this.clock.now();
    let queued = 0;
    for await (const page of this.parties.pages()) {
      for (const party of page) {
        const r = await this.recipients.recipientOf(party);
        const period = await dueDigestPeriod(r, now, this.config.digests.hour, (p) =>
          this.digests.find(r.key, p),
        );
        if (!period) continue;
        await this.queue.enqueue(
          JobName.DigestSend,
          { recipientKey: r.key, period },
          { dedupId: safeJobId(`digest-${r.key}-${period}`) },
        );
        queued += 1;
      }
    }
    return { queued };
  }
}
