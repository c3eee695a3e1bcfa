import { Inject, Injectable } from '@nestjs/common';
import { Principal, isOperator } from '../auth/principal';
import { Clock } from '../common/clock/clock';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { Page, PageRequest, encodeCursor } from '../common/http/pagination';
import { Party } from '../parties/party';
import { PartyDirectory } from '../parties/party-directory';
import { Introduction, IntroductionEvent, IntroductionStatus } from './introduction';
import { actsFor, effectiveStatus, seesIntroduction } from './introduction-rules';
import { IntroductionsRepository } from './introductions.repository';

/** One side of an introduction, by its public fields. */
export interface PartySummary {
  key: string;
  name: string;
  economy: string;
  clusterId: string;
}

/** Contact details, shown to both sides once the partner accepted. */
export interface PartyContacts {
  key: string;
  name: string;
  contactName: string | null;
  contactEmail: string | null;
  website: string | null;
}

export interface IntroductionView {
  id: string;
  requester: PartySummary;
  target: PartySummary;
  suggestionId: string;
  message: string;
  /** `pending` past its deadline reads as `expired`. */
  status: IntroductionStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  response: string | null;
  /** Which side the caller acts for (operators: none). */
  yourSide: 'requester' | 'target' | null;
  /** Only on a single accepted introduction. */
  contacts?: { requester: PartyContacts; target: PartyContacts };
}

export interface IntroductionQueryFilter {
  direction?: 'sent' | 'received';
  status?: IntroductionStatus;
  party?: string;
}

/**
 * Introductions as each caller may see them: either side, or an operator (anyone else gets 404).
 * Contact details appear only on a single accepted introduction's page, never in a list.
 */
@Injectable()
export class IntroductionViews {
  constructor(
    @Inject(IntroductionsRepository) private readonly intros: IntroductionsRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async get(p: Principal, id: string): Promise<IntroductionView> {
    const intro = await this.visible(p, id);
    return this.view(p, intro, undefined, true);
  }

  async events(p: Principal, id: string): Promise<IntroductionEvent[]> {
    await this.visible(p, id);
    return this.intros.events(id);
  }

  async list(
    p: Principal,
    q: IntroductionQueryFilter,
    page: PageRequest,
  ): Promise<Page<IntroductionView>> {
    const parties = await this.partiesListed(p, q);
    // A stored `pending` past its deadline is `expired`: filter on the effective status.
    const now = this.clock.nowIso();
    const wanted = q.status;
    const items: IntroductionView[] = [];
    let after = page.after;
    for (;;) {
      const rows = await this.intros.list(
        {
          parties,
          direction: q.direction,
          status: wanted === 'expired' || wanted === 'pending' ? undefined : wanted,
        },
        { limit: page.limit + 1, after },
      );
      for (const r of rows) {
        if (wanted && effectiveStatus(r, now) !== wanted) continue;
        items.push(await this.view(p, r));
        if (items.length > page.limit) break;
      }
      if (items.length > page.limit || rows.length <= page.limit) break;
      after = rows[rows.length - 1].id;
    }
    const shown = items.slice(0, page.limit);
    return {
      items: shown,
      nextCursor: items.length > page.limit ? encodeCursor(shown[shown.length - 1].id) : null,
    };
  }

  /** The introduction, when the caller may see it (either side, or an operator). */
  async visible(p: Principal, id: string): Promise<Introduction> {
    const intro = await this.intros.findById(id);
    // Someone else's introduction does not exist, as far as the caller can tell.
    if (!intro || !seesIntroduction(p, intro))
      throw notFound('INTRODUCTION.NOT_FOUND', 'Introduction', id);
    return intro;
  }

  async view(
    p: Principal,
    intro: Introduction,
    known?: { requester: Party | undefined; target: Party | undefined },
    single = false,
  ): Promise<IntroductionView> {
    const requester = known ? known.requester : await this.parties.find(intro.requesterKey);
    const target = known ? known.target : await this.parties.find(intro.targetKey);
    const summary = (party: Party | undefined, key: string, economy: string, clusterId: string) =>
      party
        ? { key, name: party.name, economy: party.economy, clusterId: party.clusterId }
        : { key, name: '(no longer on the platform)', economy, clusterId };
    const status = effectiveStatus(intro, this.clock.nowIso());
    const view: IntroductionView = {
      id: intro.id,
      requester: summary(
        requester,
        intro.requesterKey,
        intro.requesterEconomy,
        intro.requesterClusterId,
      ),
      target: summary(target, intro.targetKey, intro.targetEconomy, intro.targetClusterId),
      suggestionId: intro.suggestionId,
      message: intro.message,
      status,
      createdAt: intro.createdAt,
      expiresAt: intro.expiresAt,
      decidedAt: intro.decidedAt,
      response: intro.response,
      yourSide:
        requester && !isOperator(p) && actsFor(p, requester)
          ? 'requester'
          : target && !isOperator(p) && actsFor(p, target)
            ? 'target'
            : null,
    };
    // Both consented: each side sees the other's contact details, on this page only.
    if (single && status === 'accepted' && requester && target)
      view.contacts = { requester: contactsOf(requester), target: contactsOf(target) };
    return view;
  }

  /** Whose introductions a list shows: the party asked for, else everything the caller acts for. */
  private async partiesListed(
    p: Principal,
    q: IntroductionQueryFilter,
  ): Promise<{ keys: string[]; clusterIds: string[] } | undefined> {
    if (q.party) {
      const party = await this.parties.find(q.party);
      if (!party || !(isOperator(p) || actsFor(p, party)))
        throw forbidden(
          'INTRODUCTION.NOT_YOUR_PARTY',
          'You list the introductions of clusters and members you act for',
        );
      return { keys: [party.key], clusterIds: [] };
    }
    if (!isOperator(p))
      return p.role === 'member'
        ? { keys: [`member:${p.memberId}`], clusterIds: [] }
        : { keys: [], clusterIds: [...p.clusterIds] };
    if (q.direction)
      throw new DomainError(
        'VALIDATION.FAILED',
        'invalid',
        'direction needs a party: sent or received by whom?',
        [{ field: 'party', reason: 'is required with direction for operators' }],
      );
    return undefined;
  }
}

const contactsOf = (p: Party): PartyContacts => ({
  key: p.key,
  name: p.name,
  contactName: p.contactName,
  contactEmail: p.contactEmail,
  website: p.website,
});
