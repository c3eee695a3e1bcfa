import { Inject, Injectable, Logger } from '@nestjs/common';
import { managesCluster, managesMember } from '../auth/access-policy';
import { Principal, isOperator } from '../auth/principal';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { DomainError, conflict, forbidden, notFound } from '../common/errors/domain-error';
import { Page, PageRequest, encodeCursor } from '../common/http/pagination';
import { newId } from '../common/ids';
import { DigestService } from '../digests/digest.service';
import { JobName, JobQueue } from '../jobs/jobs';
import { Mailer } from '../mail/mailer';
import { MembersRepository } from '../members/members.repository';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import {
  Introduction,
  IntroductionDecision,
  IntroductionEvent,
  IntroductionNotification,
  IntroductionStatus,
} from './introduction';
import { IntroductionNotice, renderIntroductionEmail } from './introduction-email';
import { IntroductionsRepository } from './introductions.repository';

const DAY_MS = 24 * 3600 * 1000;
/** A partner who declined is not asked again by the same party for this long. */
const DECLINE_COOL_OFF_DAYS = 90;

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

interface Party extends PartySummary {
  type: 'cluster' | 'member';
  contactName: string | null;
  contactEmail: string | null;
  website: string | null;
}

export interface IntroductionStats {
  pairs: (IntroductionTally & { requesterEconomy: string; targetEconomy: string })[];
  totals: IntroductionTally;
}

export interface IntroductionTally {
  requested: number;
  pending: number;
  accepted: number;
  declined: number;
  expired: number;
  withdrawn: number;
  /** accepted / (accepted + declined + expired); null before any answer. */
  acceptanceRate: number | null;
}

/**
 * Introductions with double opt-in: a party asks to be introduced to a partner it was suggested
 * (its consent to share its contact details); the partner accepts (its consent) or declines before
 * the deadline. Contact details cross only after both consents, and only on the single
 * introduction's page: never in lists, exports or emails. Every step is in the audit trail; every
 * email goes through a retried job.
 */
@Injectable()
export class IntroductionsService {
  private readonly logger = new Logger(IntroductionsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IntroductionsRepository) private readonly intros: IntroductionsRepository,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(Mailer) private readonly mailer: Mailer,
    @Inject(DigestService) private readonly digests: DigestService,
  ) {}

  async request(
    p: Principal,
    input: { suggestionId: string; message: string },
  ): Promise<IntroductionView> {
    const suggestion = await this.suggestions.findById(input.suggestionId);
    if (!suggestion) throw notFound('SUGGESTION.NOT_FOUND', 'Suggestion', input.suggestionId);
    const requester = await this.party(suggestion.subjectKey);
    if (!requester) throw notFound('SUGGESTION.NOT_FOUND', 'Suggestion', input.suggestionId);
    if (!actsFor(p, requester))
      throw forbidden(
        'INTRODUCTION.NOT_YOUR_SUGGESTION',
        'Only the suggested party itself (its cluster managers, or the member) asks for an introduction',
      );
    const target = await this.party(suggestion.partnerKey);
    if (!target)
      throw new DomainError(
        'INTRODUCTION.PARTNER_GONE',
        'not_found',
        'The suggested partner is no longer on the platform',
      );
    const now = this.clock.now();
    await this.refuseRepeat(requester, target, now);
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const recent = await this.intros.requestedSince(requester.key, since);
    const limit = this.config.introductions.dailyLimit;
    if (recent.length >= limit) {
      const freesAt = new Date(recent[recent.length - limit]).getTime() + DAY_MS;
      throw new DomainError(
        'INTRODUCTION.DAILY_LIMIT',
        'rate_limited',
        `${requester.name} has asked for ${recent.length} introductions in the last 24 hours; the limit is ${limit}. Try again after ${new Date(freesAt).toISOString()}.`,
        [],
        (freesAt - now.getTime()) / 1000,
      );
    }
    const at = now.toISOString();
    const intro: Introduction = {
      id: newId(),
      requesterKey: requester.key,
      targetKey: target.key,
      requesterClusterId: requester.clusterId,
      targetClusterId: target.clusterId,
      requesterEconomy: requester.economy,
      targetEconomy: target.economy,
      suggestionId: suggestion.id,
      message: input.message,
      status: 'pending',
      requestedBy: p.keyId,
      createdAt: at,
      expiresAt: new Date(now.getTime() + this.config.introductions.ttlDays * DAY_MS).toISOString(),
      decidedAt: null,
      decidedBy: null,
      response: null,
      requestNotifiedAt: null,
      decisionNotifiedAt: null,
    };
    await this.intros.create(intro, {
      introductionId: intro.id,
      type: 'requested',
      actor: p.keyId,
      at,
      detail: null,
    });
    await this.queueEmail(intro.id, 'request');
    return this.view(p, intro, { requester, target });
  }

  /** The partner accepts or declines; the requester may withdraw. */
  async decide(
    p: Principal,
    id: string,
    decision: Exclude<IntroductionDecision, 'expired'>,
    note: string | null,
  ): Promise<IntroductionView> {
    const intro = await this.visible(p, id);
    const [requester, target] = await Promise.all([
      this.party(intro.requesterKey),
      this.party(intro.targetKey),
    ]);
    if (!requester || !target) throw notFound('INTRODUCTION.NOT_FOUND', 'Introduction', id);
    const side = decision === 'withdrawn' ? requester : target;
    if (!actsFor(p, side))
      throw forbidden(
        'INTRODUCTION.NOT_YOUR_DECISION',
        decision === 'withdrawn'
          ? 'Only the side that asked (its cluster managers, or the member) withdraws a request'
          : 'Only the partner asked (its cluster managers, or the member) accepts or declines',
      );
    const at = this.clock.nowIso();
    const decided = await this.intros.decide(
      id,
      decision,
      { introductionId: id, type: decision, actor: p.keyId, at, detail: note },
      note,
    );
    if (!decided) {
      const current = (await this.intros.findById(id))!;
      const status = effectiveStatus(current, at);
      throw conflict(
        'INTRODUCTION.ALREADY_DECIDED',
        status === 'expired'
          ? `This introduction expired on ${current.expiresAt}`
          : `This introduction is already ${status}`,
      );
    }
    await this.queueEmail(id, 'decision');
    return this.view(p, decided, { requester, target }, true);
  }

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
    q: { direction?: 'sent' | 'received'; status?: IntroductionStatus; party?: string },
    page: PageRequest,
  ): Promise<Page<IntroductionView>> {
    let parties: { keys: string[]; clusterIds: string[] } | undefined;
    if (q.party) {
      const party = await this.party(q.party);
      if (!party || !(isOperator(p) || actsFor(p, party)))
        throw forbidden(
          'INTRODUCTION.NOT_YOUR_PARTY',
          'You list the introductions of clusters and members you act for',
        );
      parties = { keys: [party.key], clusterIds: [] };
    } else if (!isOperator(p)) {
      parties =
        p.role === 'member'
          ? { keys: [`member:${p.memberId}`], clusterIds: [] }
          : { keys: [], clusterIds: [...p.clusterIds] };
    } else if (q.direction) {
      throw new DomainError(
        'VALIDATION.FAILED',
        'invalid',
        'direction needs a party: sent or received by whom?',
        [{ field: 'party', reason: 'is required with direction for operators' }],
      );
    }
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

  async stats(): Promise<IntroductionStats> {
    const pairs = new Map<string, IntroductionStats['pairs'][number]>();
    const totals = tally();
    for (const c of await this.intros.counts()) {
      const key = `${c.requesterEconomy}>${c.targetEconomy}`;
      let row = pairs.get(key);
      if (!row) {
        row = { requesterEconomy: c.requesterEconomy, targetEconomy: c.targetEconomy, ...tally() };
        pairs.set(key, row);
      }
      for (const t of [row, totals]) {
        t[c.status] += c.count;
        t.requested += c.count;
      }
    }
    const rows = [...pairs.values()];
    for (const t of [...rows, totals]) {
      const answered = t.accepted + t.declined + t.expired;
      t.acceptanceRate = answered ? Math.round((t.accepted / answered) * 1000) / 1000 : null;
    }
    return { pairs: rows.sort((a, b) => b.requested - a.requested), totals };
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
    }
    return { expired, queued };
  }

  /**
   * The email job: tells the partner about a request, or the other side about a decision. Sent
   * once (the introduction records it; the Message-ID is fixed); a failed send throws and the job
   * retries. Never carries contact details.
   */
  async notify(id: string, which: IntroductionNotification): Promise<string> {
    const intro = await this.intros.findById(id);
    if (!intro) return 'gone';
    if (which === 'request' ? intro.requestNotifiedAt : intro.decisionNotifiedAt) return 'already';
    if (which === 'decision' && intro.status === 'pending') return 'undecided';
    const notice: IntroductionNotice =
      which === 'request' ? 'requested' : (intro.status as Exclude<IntroductionStatus, 'pending'>);
    // Requests and withdrawals go to the partner; the partner's answers and expiry to the requester.
    const toTarget = notice === 'requested' || notice === 'withdrawn';
    const [recipientKey, otherKey] = toTarget
      ? [intro.targetKey, intro.requesterKey]
      : [intro.requesterKey, intro.targetKey];
    const at = this.clock.nowIso();
    const recipient = await this.digests.recipient(recipientKey).catch(() => undefined);
    const other = await this.party(otherKey);
    let detail: string;
    if (!recipient?.email || !other) {
      detail = `${notice} to ${recipientKey}: not sent (${recipient ? 'no email address' : 'recipient gone'})`;
    } else {
      const mail = renderIntroductionEmail({
        notice,
        recipientName: recipient.name,
        otherName: other.name,
        otherEconomy: other.economy,
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

  private async queueEmail(id: string, which: IntroductionNotification): Promise<void> {
    // If Redis cannot take the job now, the sweep queues it later: the introduction knows that
    // its email has not gone out.
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

  /** Refuses a second request while one is open, after an accept, or soon after a decline. */
  private async refuseRepeat(requester: Party, target: Party, now: Date): Promise<void> {
    const last = await this.intros.latestBetween(requester.key, target.key);
    if (!last) return;
    const status = effectiveStatus(last, now.toISOString());
    const sameWay = last.requesterKey === requester.key;
    if (status === 'pending')
      throw conflict(
        'INTRODUCTION.DUPLICATE',
        sameWay
          ? `${requester.name} already asked for this introduction on ${last.createdAt}; ${target.name} has until ${last.expiresAt} to answer`
          : `${target.name} already asked to be introduced to ${requester.name} (introduction ${last.id}): accept it instead`,
      );
    if (status === 'accepted')
      throw conflict(
        'INTRODUCTION.ALREADY_INTRODUCED',
        `${requester.name} and ${target.name} were introduced on ${last.decidedAt} (introduction ${last.id})`,
      );
    if (status === 'declined' && sameWay && last.decidedAt) {
      const again = new Date(new Date(last.decidedAt).getTime() + DECLINE_COOL_OFF_DAYS * DAY_MS);
      if (again > now)
        throw conflict(
          'INTRODUCTION.DECLINED_RECENTLY',
          `${target.name} declined this introduction on ${last.decidedAt}; it can be asked again after ${again.toISOString()}`,
        );
    }
  }

  /** The introduction, when the caller may see it (either side, or an operator). */
  private async visible(p: Principal, id: string): Promise<Introduction> {
    const intro = await this.intros.findById(id);
    if (!intro) throw notFound('INTRODUCTION.NOT_FOUND', 'Introduction', id);
    const mine =
      isOperator(p) ||
      (p.role === 'cluster_manager' &&
        (p.clusterIds.includes(intro.requesterClusterId) ||
          p.clusterIds.includes(intro.targetClusterId))) ||
      (p.role === 'member' &&
        (intro.requesterKey === `member:${p.memberId}` ||
          intro.targetKey === `member:${p.memberId}`));
    // Someone else's introduction does not exist, as far as the caller can tell.
    if (!mine) throw notFound('INTRODUCTION.NOT_FOUND', 'Introduction', id);
    return intro;
  }

  private async view(
    p: Principal,
    intro: Introduction,
    known?: { requester: Party | undefined; target: Party | undefined },
    single = false,
  ): Promise<IntroductionView> {
    const requester = known ? known.requester : await this.party(intro.requesterKey);
    const target = known ? known.target : await this.party(intro.targetKey);
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

  private async party(key: string): Promise<Party | undefined> {
    const at = key.indexOf(':');
    const [type, id] = [key.slice(0, at), key.slice(at + 1)];
    if (type === 'cluster') {
      const c = await this.clusters.findById(id);
      return (
        c && {
          key,
          type,
          name: c.name,
          economy: c.economy,
          clusterId: c.id,
          contactName: c.contactName,
          contactEmail: c.contactEmail,
          website: c.website,
        }
      );
    }
    if (type === 'member') {
      const m = await this.members.findById(id);
      return (
        m && {
          key,
          type,
          name: m.name,
          economy: m.economy,
          clusterId: m.clusterId,
          contactName: m.contactName,
          contactEmail: m.contactEmail,
          website: m.website,
        }
      );
    }
    return undefined;
  }
}

/** Whether the caller acts for a party itself: operators never consent on a party's behalf. */
function actsFor(
  p: Principal,
  party: { type: 'cluster' | 'member'; key: string; clusterId: string },
) {
  if (isOperator(p)) return false;
  return party.type === 'cluster'
    ? managesCluster(p, party.clusterId)
    : managesMember(p, { clusterId: party.clusterId, memberId: party.key.slice('member:'.length) });
}

function effectiveStatus(intro: Introduction, now: string): IntroductionStatus {
  return intro.status === 'pending' && intro.expiresAt <= now ? 'expired' : intro.status;
}

const contactsOf = (p: Party): PartyContacts => ({
  key: p.key,
  name: p.name,
  contactName: p.contactName,
  contactEmail: p.contactEmail,
  website: p.website,
});

const tally = (): IntroductionTally => ({
  requested: 0,
  pending: 0,
  accepted: 0,
  declined: 0,
  expired: 0,
  withdrawn: 0,
  acceptanceRate: null,
});
