import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { EconomiesService } from '../economies/economies.service';
import { Locale, resolveLocale } from '../i18n/locales';
import { Party } from '../parties/party';
import { PartyDirectory } from '../parties/party-directory';
import { DigestSettings, Frequency } from './digest';
import { DigestsRepository } from './digests.repository';
import { UnsubscribeLinks } from './unsubscribe-links';

/** Who receives a party's digest, how often, where, in which language. */
export interface Recipient {
  key: string;
  name: string;
  email: string | null;
  frequency: Frequency;
  timezone: string;
  language: Locale;
  unsubscribed: boolean;
}

/**
 * A party's digest settings, with the defaults filled in: weekly, the economy's time zone and
 * language, the contact email. Also the one-click unsubscribe they lead to.
 */
@Injectable()
export class DigestRecipients {
  constructor(
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(EconomiesService) private readonly economies: EconomiesService,
    @Inject(UnsubscribeLinks) private readonly links: UnsubscribeLinks,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async recipient(key: string): Promise<Recipient> {
    const party = await this.parties.find(key);
    if (!party)
      throw new DomainError(
        'DIGEST.UNKNOWN_RECIPIENT',
        'not_found',
        `No cluster or member '${key}'`,
      );
    return this.recipientOf(party);
  }

  async recipientOf(party: Party): Promise<Recipient> {
    const saved = await this.digests.settings(party.key);
    const economy = await this.economies.get(party.economy).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') return undefined;
      throw error;
    });
    return {
      key: party.key,
      name: party.name,
      email: saved?.email ?? party.contactEmail,
      frequency: saved?.frequency ?? 'weekly',
      timezone: saved?.timezone ?? economy?.timezone ?? 'UTC',
      // The setting, else the first of the economy's languages spoken here, else English.
      language: resolveLocale([saved?.language, ...(economy?.languages ?? [])], party.economy),
      unsubscribed: !!saved?.unsubscribedAt,
    };
  }

  async saveSettings(
    key: string,
    change: Partial<Pick<DigestSettings, 'email' | 'frequency' | 'timezone' | 'language'>>,
  ): Promise<Recipient> {
    const current = await this.digests.settings(key);
    const frequency = change.frequency ?? current?.frequency ?? 'weekly';
    await this.digests.saveSettings({
      recipientKey: key,
      email: change.email !== undefined ? change.email : (current?.email ?? null),
      frequency,
      timezone: change.timezone !== undefined ? change.timezone : (current?.timezone ?? null),
      language: change.language !== undefined ? change.language : (current?.language ?? null),
      unsubscribedAt: frequency === 'off' ? (current?.unsubscribedAt ?? null) : null,
      updatedAt: this.clock.nowIso(),
    });
    return this.recipient(key);
  }

  /** The recipient an unsubscribe link is for, when its signature is right. */
  async unsubscribeTarget(recipientKey: string, signature: string): Promise<Recipient> {
    if (!this.links.verify(recipientKey, signature))
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
}
