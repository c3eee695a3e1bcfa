import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { AppConfig } from '../common/config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { EconomiesService } from '../economies/economies.service';
import { JobName, JobQueue, safeJobId } from '../jobs/jobs';
import { Mailer } from '../mail/mailer';
import { MembersRepository } from '../members/members.repository';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { DigestSettings, Frequency } from './digest';
import { DigestEntry, renderDigest, templateLanguage } from './digest-email';
import { digestPeriod } from './digest-period';
import { DigestsRepository } from './digests.repository';

export interface Recipient {
  key: string;
  name: string;
  email: string | null;
  frequency: Frequency;
  timezone: string;
  language: string;
  unsubscribed: boolean;
}

export interface ComposedDigest {
  recipient: Recipient;
  period: string | null;
  entries: (DigestEntry & { suggestionId: string; partnerKey: string })[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * Email digests: each recipient (a cluster's managers, or a member) gets, at the frequency and in
 * the time zone it chose, the suggestions it has never been sent, each with its reason and a link,
 * and a one-click way out (RFC 8058). A digest is sent at most once per recipient and period: a
 * record with a fixed Message-ID is claimed before sending, and marked sent after.
 */

/**
 * How long a job holds the right to send one digest. Longer than an SMTP send can take (the
 * mailer's timeouts are 10 s to connect, 10 s for the greeting, 30 s of silence); a job that dies
 * while holding it delays that digest by this much, never loses it.
 */
const SEND_LEASE_MS = 5 * 60 * 1000;
@Injectable()
export class DigestService implements OnModuleInit {
  private readonly logger = new Logger(DigestService.name);
  private secret = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(SuggestionsRepository) private readonly lists: SuggestionsRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(EconomiesService) private readonly economies: EconomiesService,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The signing key of unsubscribe links: DIGEST_SECRET, else derived from PEC_ADMIN_TOKEN, else a file in DATA_DIR. */
  onModuleInit(): void {
    if (this.config.digests.secret) this.secret = this.config.digests.secret;
    else if (this.config.adminToken)
      this.secret = createHash('sha256')
        .update(`pec-digest|${this.config.adminToken}`)
        .digest('hex');
    else {
      const file = join(this.config.store.dataDir, 'digest.secret');
      if (!existsSync(file)) {
        mkdirSync(this.config.store.dataDir, { recursive: true });
        writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
      }
      this.secret = readFileSync(file, 'utf8').trim();
    }
  }

  async recipient(key: string): Promise<Recipient> {
    const [type, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const record =
      type === 'cluster'
        ? await this.clusters.findById(id)
        : type === 'member'
          ? await this.members.findById(id)
          : undefined;
    if (!record)
      throw new DomainError(
        'DIGEST.UNKNOWN_RECIPIENT',
        'not_found',
        `No cluster or member '${key}'`,
      );
    const saved = await this.digests.settings(key);
    const economy = await this.economies.get(record.economy).catch(() => undefined);
    return {
      key,
      name: record.name,
      email: saved?.email ?? record.contactEmail,
      frequency: saved?.frequency ?? 'weekly',
      timezone: saved?.timezone ?? economy?.timezone ?? 'UTC',
      language:
        saved?.language ?? templateLanguage([...record.languages, ...(economy?.languages ?? [])]),
      unsubscribed: !!saved?.unsubscribedAt,
    };
  }

  async saveSettings(
    key: string,
    change: Partial<Pick<DigestSettings, 'email' | 'frequency' | 'timezone' | 'language'>>,
  ): Promise<Recipient> {
    const current = await this.digests.settings(key);
    const now = this.clock.nowIso();
    const frequency = change.frequency ?? current?.frequency ?? 'weekly';
    await this.digests.saveSettings({
      recipientKey: key,
      email: change.email !== undefined ? change.email : (current?.email ?? null),
      frequency,
      timezone: change.timezone !== undefined ? change.timezone : (current?.timezone ?? null),
      language: change.language !== undefined ? change.language : (current?.language ?? null),
      unsubscribedAt: frequency === 'off' ? (current?.unsubscribedAt ?? null) : null,
      updatedAt: now,
    });
    return this.recipient(key);
  }

  /** Queues the digests that are due now (the digest tick). */
  async enqueueDue(): Promise<{ queued: number }> {
    const now = this.clock.now();
    let queued = 0;
    for (const [type, list] of [
      ['cluster', (after?: string) => this.clusters.list({}, { limit: 500, after })],
      ['member', (after?: string) => this.members.list({}, { limit: 500, after })],
    ] as const) {
      let after: string | undefined;
      for (;;) {
        const page = (await list(after)).slice(0, 500);
        if (!page.length) break;
        for (const record of page) {
          const r = await this.recipient(`${type}:${record.id}`);
          if (!r.email || r.frequency === 'off' || r.unsubscribed) continue;
          const period = digestPeriod(r.frequency, now, r.timezone, this.config.digests.hour);
          if (!period.due) continue;
          const existing = await this.digests.find(r.key, period.key);
          if (existing && existing.status !== 'pending') continue;
          await this.queue.enqueue(
            JobName.DigestSend,
            { recipientKey: r.key, period: period.key },
            { dedupId: safeJobId(`digest-${r.key}-${period.key}`) },
          );
          queued += 1;
        }
        after = page[page.length - 1].id;
      }
    }
    return { queued };
  }

  /** Sends one digest, at most once: a retried or duplicated job finds the record and stops. */
  async send(recipientKey: string, period: string): Promise<string> {
    const r = await this.recipient(recipientKey);
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
    const digest = await this.compose(r, period);
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

  /** The recipient's next digest as it would be sent (nothing is sent or recorded). */
  async preview(recipientKey: string): Promise<ComposedDigest> {
    const r = await this.recipient(recipientKey);
    const period =
      r.frequency === 'off'
        ? null
        : digestPeriod(r.frequency, this.clock.now(), r.timezone, this.config.digests.hour).key;
    return this.compose(r, period);
  }

  unsubscribeUrl(recipientKey: string): string {
    return `${this.config.http.publicBaseUrl}/v1/unsubscribe?recipient=${encodeURIComponent(recipientKey)}&signature=${this.sign(recipientKey)}`;
  }

  /** The recipient an unsubscribe link is for, when its signature is right. */
  async unsubscribeTarget(recipientKey: string, signature: string): Promise<Recipient> {
    if (!this.verify(recipientKey, signature))
      throw new DomainError(
        'DIGEST.BAD_SIGNATURE',
        'forbidden',
        'This unsubscribe link is not valid',
      );
    return this.recipient(recipientKey);
  }

  /** One-click unsubscribe: needs no login, only the link's signature. */
  async unsubscribe(recipientKey: string, signature: string): Promise<Recipient> {
    await this.unsubscribeTarget(recipientKey, signature);
    const current = await this.digests.settings(recipientKey);
    await this.digests.saveSettings({
      recipientKey,
      email: current?.email ?? null,
      frequency: 'off',
      timezone: current?.timezone ?? null,
      language: current?.language ?? null,
      unsubscribedAt: current?.unsubscribedAt ?? this.clock.nowIso(),
      updatedAt: this.clock.nowIso(),
    });
    return this.recipient(recipientKey);
  }

  private async compose(r: Recipient, period: string | null): Promise<ComposedDigest> {
    await this.suggestions.ensureFresh(r.key);
    const sent = await this.digests.sentPartners(r.key);
    const rows = (await this.lists.list(r.key, {}, { limit: 50 }))
      .filter((s) => !sent.has(s.partnerKey))
      .slice(0, 10);
    const partners = await this.suggestions.partnerSummaries(rows.map((s) => s.partnerKey));
    const economyNames = Object.fromEntries(
      (await this.economies.list()).map((e) => [e.code, e.name]),
    );
    const entries = rows
      .filter((s) => partners.has(s.partnerKey))
      .map((s) => ({
        suggestionId: s.id,
        partnerKey: s.partnerKey,
        partnerName: partners.get(s.partnerKey)!.name,
        partnerEconomy: economyNames[s.partnerEconomy] ?? s.partnerEconomy,
        reason: s.reason,
        score: s.score,
        link: `${this.config.digests.appBaseUrl}/suggestions/${s.id}`,
      }));
    const [type, id] = [r.key.slice(0, r.key.indexOf(':')), r.key.slice(r.key.indexOf(':') + 1)];
    const unsubscribeUrl = this.unsubscribeUrl(r.key);
    const rendered = renderDigest({
      recipientName: r.name,
      language: r.language,
      period: period ?? '',
      entries,
      suggestionsUrl: `${this.config.digests.appBaseUrl}/${type}s/${id}/suggestions`,
      unsubscribeUrl,
    });
    return {
      recipient: r,
      period,
      entries,
      ...rendered,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  private sign(recipientKey: string): string {
    return createHmac('sha256', this.secret)
      .update(`unsubscribe|${recipientKey}`)
      .digest('base64url');
  }

  private verify(recipientKey: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(recipientKey));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
