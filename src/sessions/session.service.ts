import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClustersRepository } from '../clusters/clusters.repository';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { hashToken } from '../auth/api-key';
import { KeyAuthenticator } from '../auth/key-authenticator';
import { Principal } from '../auth/principal';
import { Session, SessionChoice, randomSecret } from '../auth/session';
import { SessionsRepository } from '../auth/sessions.repository';
import { Mailer } from '../mail/mailer';
import { MembersRepository } from '../members/members.repository';
import { parsePartyKey, partyKey } from '../parties/party';
import { signInEmail } from './sign-in-email';
import { Locale } from '../i18n/locales';

/** A sign-in link works once, for this long. */
export const LINK_TTL_MS = 15 * 60 * 1000;
/** At most this many links go to one address per LINK_TTL_MS (more requests are answered, not sent). */
export const LINKS_PER_WINDOW = 5;
/** Attempts to hand a sign-in email to the mailer, with a growing pause between them. */
const SEND_ATTEMPTS = 3;

const linkInvalid = () =>
  new DomainError(
    'AUTH.LINK_INVALID',
    'unauthenticated',
    'This sign-in link does not work any more: it was used, or it is older than 15 minutes. Ask for a new one.',
  );

/**
 * Signing in from a browser: a one-time link to a party's contact address, or an operator's API
 * key exchanged for a session; choosing a party; signing out. The cookie token is made here and
 * only its hash is stored.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(KeyAuthenticator) private readonly keys: KeyAuthenticator,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Sends a one-time link when the address is a cluster's or member's contact; answers the same
   * either way and at once (the mail goes out after the answer), so nobody learns from it which
   * addresses are known. At most LINKS_PER_WINDOW links per address per 15 minutes.
   */
  async requestLink(email: string, returnTo: string | null, locale: Locale = 'en'): Promise<void> {
    const address = email.trim().toLowerCase();
    const now = this.clock.now();
    const since = new Date(now.getTime() - LINK_TTL_MS).toISOString();
    if ((await this.sessions.countLinksSince(address, since)) >= LINKS_PER_WINDOW) {
      this.logger.warn('sign-in link not sent: too many for this address in 15 minutes');
      return;
    }
    if (!(await this.partiesOf(address)).length) return;
    const token = randomSecret();
    await this.sessions.createLink({
      tokenHash: hashToken(token),
      email: address,
      returnTo,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LINK_TTL_MS).toISOString(),
      usedAt: null,
    });
    const url = new URL('/v1/auth/callback', this.config.digests.appBaseUrl);
    url.searchParams.set('token', token);
    void this.deliver(address, url.toString(), locale).catch((error: unknown) =>
      this.logger.error({ err: (error as Error).message }, 'sign-in email not rendered'),
    );
  }

  /** Uses a link (once): a session for the address's party, or one to choose among several. */
  async signInWithLink(
    token: string,
  ): Promise<{ token: string; session: Session; returnTo: string | null }> {
    const link = await this.sessions.consumeLink(hashToken(token), this.clock.nowIso());
    if (!link) throw linkInvalid();
    // The parties are looked up again: a contact changed since the link went out no longer counts.
    const choices = await this.partiesOf(link.email);
    if (!choices.length) throw linkInvalid();
    const id = newId();
    const principal = choices.length === 1 ? principalOf(choices[0], id) : null;
    const made = await this.open(id, 'email', principal, link.email, choices);
    return { ...made, returnTo: link.returnTo };
  }

  /** An API key (an operator's, usually) exchanged for a session: the key is not kept in the browser. */
  async signInWithKey(apiKey: string): Promise<{ token: string; session: Session }> {
    const principal = await this.keys.authenticate(apiKey);
    return this.open(newId(), 'key', principal, null, []);
  }

  /** Sets the party a contact of several acts as, once per session (choices lists them all). */
  async choose(session: Session, partyKey: string): Promise<Session> {
    const choice = session.choices.find((c) => c.partyKey === partyKey);
    if (!choice)
      throw new DomainError(
        'AUTH.NOT_A_CHOICE',
        'invalid',
        'partyKey: is not one of this session’s parties',
        [
          {
            field: 'partyKey',
            reason: `must be one of ${session.choices.map((c) => c.partyKey).join(', ')}`,
          },
        ],
      );
    const principal = principalOf(choice, session.id);
    if (!(await this.sessions.choose(session.id, principal)))
      throw new DomainError(
        'AUTH.ALREADY_CHOSEN',
        'conflict',
        'This session acts as a party already: sign in again to change it',
      );
    return { ...session, principal };
  }

  async signOut(session: Session): Promise<void> {
    await this.sessions.revoke(session.id, this.clock.nowIso());
  }

  private async open(
    id: string,
    kind: Session['kind'],
    principal: Principal | null,
    email: string | null,
    choices: SessionChoice[],
  ): Promise<{ token: string; session: Session }> {
    const now = this.clock.now();
    const token = randomSecret();
    const session: Session = {
      id,
      kind,
      principal,
      email,
      choices,
      csrfToken: randomSecret(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.config.sessions.ttlHours * 3600_000).toISOString(),
      revokedAt: null,
    };
    await this.sessions.create(session, hashToken(token));
    return { token, session };
  }

  /** The clusters and members whose contact is this address. */
  private async partiesOf(address: string): Promise<SessionChoice[]> {
    const clusters = await this.clusters.findByContactEmail(address);
    const members = await this.members.findByContactEmail(address);
    return [
      ...clusters.map((c) => ({
        partyKey: partyKey('cluster', c.id),
        role: 'cluster_manager' as const,
        name: c.name,
      })),
      ...members.map((m) => ({
        partyKey: partyKey('member', m.id),
        role: 'member' as const,
        name: m.name,
      })),
    ];
  }

  private async deliver(address: string, url: string, locale: Locale): Promise<void> {
    const message = await signInEmail(address, url, LINK_TTL_MS / 60000, locale);
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      try {
        await this.mailer.send(message);
        if (this.mailer.kind === 'outbox')
          this.logger.log(
            { outbox: this.config.mail.outboxDir },
            'sign-in link written to the outbox (no SMTP_URL): open the newest .eml there',
          );
        return;
      } catch (error) {
        this.logger.warn({ attempt, err: (error as Error).message }, 'sign-in email not sent');
        if (attempt < SEND_ATTEMPTS) await new Promise((r) => setTimeout(r, 1000 * 4 ** attempt));
      }
    }
    this.logger.error('sign-in email could not be sent; the requester can ask for a new link');
  }
}

/** What a session acting as this party may do: a cluster manager of it, or the member. */
function principalOf(choice: SessionChoice, sessionId: string): Principal {
  const { id } = parsePartyKey(choice.partyKey)!;
  return choice.role === 'cluster_manager'
    ? { role: 'cluster_manager', keyId: `session:${sessionId}`, clusterIds: [id], memberId: null }
    : { role: 'member', keyId: `session:${sessionId}`, clusterIds: [], memberId: id };
}
