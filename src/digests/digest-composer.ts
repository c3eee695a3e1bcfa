import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { EconomiesService } from '../economies/economies.service';
import { economyName } from '../i18n/economy-names';
import { renderReason } from '../i18n/reasons';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { DigestEntry, renderDigest } from './digest-email';
import { digestPeriod } from './digest-period';
import { DigestRecipients, Recipient } from './digest-recipients';
import { DigestsRepository } from './digests.repository';
import { UnsubscribeLinks } from './unsubscribe-links';

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
 * Renders a recipient's digest: the suggestions it was never sent (at most 10), each with its
 * reason and a link into the app, and a signed one-click way out.
 */
@Injectable()
export class DigestComposer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(SuggestionsRepository) private readonly lists: SuggestionsRepository,
    @Inject(EconomiesService) private readonly economies: EconomiesService,
    @Inject(DigestRecipients) private readonly recipients: DigestRecipients,
    @Inject(UnsubscribeLinks) private readonly links: UnsubscribeLinks,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The recipient's next digest as it would be sent (nothing is sent or recorded). */
  async preview(recipientKey: string): Promise<ComposedDigest> {
    const r = await this.recipients.recipient(recipientKey);
    const period =
      r.frequency === 'off'
        ? null
        : digestPeriod(r.frequency, this.clock.now(), r.timezone, this.config.digests.hour).key;
    return this.compose(r, period);
  }

  async compose(r: Recipient, period: string | null): Promise<ComposedDigest> {
    await this.suggestions.ensureFresh(r.key);
    const sent = await this.digests.sentPartners(r.key);
    const rows = (await this.lists.list(r.key, {}, { limit: 50 }))
      .filter((s) => !sent.has(s.partnerKey))
      .slice(0, 10);
    const partners = await this.suggestions.partnerSummaries(rows.map((s) => s.partnerKey));
    const givenNames = Object.fromEntries(
      (await this.economies.list()).map((e) => [e.code, e.name]),
    );
    const appUrl = this.config.digests.appBaseUrl;
    const entries = rows
      .filter((s) => partners.has(s.partnerKey))
      .map((s) => ({
        suggestionId: s.id,
        partnerKey: s.partnerKey,
        partnerName: partners.get(s.partnerKey)!.name,
        partnerEconomy: economyName(s.partnerEconomy, r.language, givenNames[s.partnerEconomy]),
        // Lists stored before reasons became data keep their English reason until recomputed.
        reason: s.reasonParts ? renderReason(s.reasonParts, r.language) : s.reason,
        score: s.score,
        link: `${appUrl}/suggestions/${s.id}`,
      }));
    const [type, id] = [r.key.slice(0, r.key.indexOf(':')), r.key.slice(r.key.indexOf(':') + 1)];
    const unsubscribeUrl = this.links.unsubscribeUrl(r.key);
    const rendered = await renderDigest({
      recipientName: r.name,
      locale: r.language,
      timezone: r.timezone,
      at: this.clock.now(),
      entries,
      suggestionsUrl: `${appUrl}/${type}s/${id}/suggestions`,
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
}
