import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { CollaborationsService } from '../collaborations/collaborations.service';
import { Clock } from '../common/clock/clock';
import { CriteriaService } from '../criteria/criteria.service';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { DomainError, conflict, forbidden, notFound } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { UnitOfWork } from '../infra/unit-of-work';
import { Party } from '../parties/party';
import { PartyDirectory } from '../parties/party-directory';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { Introduction, IntroductionDecision } from './introduction';
import { IntroductionNotifier } from './introduction-notifier';
import {
  DAY_MS,
  actsFor,
  dailyLimitFreesAt,
  decidingSide,
  effectiveStatus,
  repeatRefusal,
  ruleRefusal,
} from './introduction-rules';
import { IntroductionView, IntroductionViews } from './introduction-views';
import { IntroductionsRepository } from './introductions.repository';

/** The title of the collaboration an accepted introduction records. */
export const INTRODUCTION_TITLE = 'PEC Match introduction';

/**
 * Introductions with double opt-in: a party asks to be introduced to a partner it was suggested
 * (its consent to share its contact details); the partner accepts (its consent) or declines before
 * the deadline; the requester may withdraw. The guards on each step are in introduction-rules.ts;
 * every step is an event in the audit trail and queues its email.
 */
@Injectable()
export class IntroductionRequests {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IntroductionsRepository) private readonly intros: IntroductionsRepository,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(IntroductionNotifier) private readonly notifier: IntroductionNotifier,
    @Inject(IntroductionViews) private readonly views: IntroductionViews,
    @Inject(CollaborationsService) private readonly collaborations: CollaborationsService,
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(CriteriaService) private readonly criteria: CriteriaService,
  ) {}

  async request(
    p: Principal,
    input: { suggestionId: string; message: string },
  ): Promise<IntroductionView> {
    const suggestion = await this.suggestions.findById(input.suggestionId);
    if (!suggestion) throw notFound('SUGGESTION.NOT_FOUND', 'Suggestion', input.suggestionId);
    const requester = await this.parties.find(suggestion.subjectKey);
    if (!requester) throw notFound('SUGGESTION.NOT_FOUND', 'Suggestion', input.suggestionId);
    if (!actsFor(p, requester))
      throw forbidden(
        'INTRODUCTION.NOT_YOUR_SUGGESTION',
        'Only the suggested party itself (its cluster managers, or the member) asks for an introduction',
      );
    const target = await this.parties.find(suggestion.partnerKey);
    if (!target)
      throw new DomainError(
        'INTRODUCTION.PARTNER_GONE',
        'not_found',
        'The suggested partner is no longer on the platform',
      );
    await this.checkRules(p, requester, target);
    const now = this.clock.now();
    const refusal = repeatRefusal(
      await this.intros.latestBetween(requester.key, target.key),
      requester,
      target,
      now,
    );
    if (refusal) throw conflict(refusal.code, refusal.message);
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const recent = await this.intros.requestedSince(requester.key, since);
    const limit = this.config.introductions.dailyLimit;
    const freesAt = dailyLimitFreesAt(recent, limit);
    if (freesAt !== undefined)
      throw new DomainError(
        'INTRODUCTION.DAILY_LIMIT',
        'rate_limited',
        `${requester.name} has asked for ${recent.length} introductions in the last 24 hours; the limit is ${limit}. Try again after ${new Date(freesAt).toISOString()}.`,
        [],
        (freesAt - now.getTime()) / 1000,
      );
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
      releaseNotifiedAt: null,
    };
    await this.intros.create(intro, {
      introductionId: intro.id,
      type: 'requested',
      actor: p.keyId,
      at,
      detail: null,
    });
    await this.notifier.queueEmail(intro.id, 'request');
    return this.views.view(p, intro, { requester, target });
  }

  /** The partner accepts or declines; the requester may withdraw. */
  async decide(
    p: Principal,
    id: string,
    decision: Exclude<IntroductionDecision, 'expired'>,
    note: string | null,
  ): Promise<IntroductionView> {
    const intro = await this.views.visible(p, id);
    const [requester, target] = await Promise.all([
      this.parties.find(intro.requesterKey),
      this.parties.find(intro.targetKey),
    ]);
    if (!requester || !target) throw notFound('INTRODUCTION.NOT_FOUND', 'Introduction', id);
    const side = decidingSide(decision) === 'requester' ? requester : target;
    if (!actsFor(p, side))
      throw forbidden(
        'INTRODUCTION.NOT_YOUR_DECISION',
        decision === 'withdrawn'
          ? 'Only the side that asked (its cluster managers, or the member) withdraws a request'
          : 'Only the partner asked (its cluster managers, or the member) accepts or declines',
      );
    if (decision === 'accepted') await this.checkRules(p, requester, target);
    const at = this.clock.nowIso();
    // An accepted introduction is a collaboration: both are written together or not at all.
    const decided = await this.uow.run(async () => {
      const done = await this.intros.decide(
        id,
        decision,
        { introductionId: id, type: decision, actor: p.keyId, at, detail: note },
        note,
      );
      if (done?.status === 'accepted')
        await this.collaborations.recordIntroduction({
          id,
          requesterKey: done.requesterKey,
          targetKey: done.targetKey,
          decidedAt: done.decidedAt,
          title: INTRODUCTION_TITLE,
        });
      return done;
    });
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
    await this.notifier.queueEmail(id, 'decision');
    // The partner who accepted hears that contact details are now shared both ways.
    if (decided.status === 'accepted') await this.notifier.queueEmail(id, 'release');
    return this.views.view(p, decided, { requester, target }, true);
  }

  private async checkRules(p: Principal, requester: Party, target: Party): Promise<void> {
    const refusal = ruleRefusal(p, requester, target, {
      allowSameEconomy: (await this.criteria.active()).rules.allowSameEconomy,
      oneActorBothSides: this.config.introductions.oneActorBothSides,
    });
    if (refusal) throw conflict(refusal.code, refusal.message);
  }
}
