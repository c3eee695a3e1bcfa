import { CriteriaService } from '../../../src/criteria/criteria.service';
import { DEFAULT_CRITERIA } from '../../../src/matching/criteria';
import { Principal } from '../../../src/auth/principal';
import { CollaborationsService } from '../../../src/collaborations/collaborations.service';
import { UnitOfWork } from '../../../src/infra/unit-of-work';
import { FixedClock } from '../../../src/common/clock/clock';
import { AppConfig } from '../../../src/common/config/app-config';
import { DomainError } from '../../../src/common/errors/domain-error';
import { Introduction } from '../../../src/introductions/introduction';
import { IntroductionNotifier } from '../../../src/introductions/introduction-notifier';
import { IntroductionRequests } from '../../../src/introductions/introduction-requests';
import { IntroductionViews } from '../../../src/introductions/introduction-views';
import { IntroductionsRepository } from '../../../src/introductions/introductions.repository';
import { Party } from '../../../src/parties/party';
import { PartyDirectory } from '../../../src/parties/party-directory';
import { Suggestion } from '../../../src/suggestions/suggestion';
import { SuggestionsRepository } from '../../../src/suggestions/suggestions.repository';
import { Mocked, mockOf } from '../../support/mocks';

const NOW = new Date('2026-11-27T10:00:00Z');
const DAY = 24 * 3600 * 1000;

const party = (key: string, overrides: Partial<Party> = {}): Party => ({
  key,
  type: key.startsWith('member:') ? 'member' : 'cluster',
  id: key.slice(key.indexOf(':') + 1),
  name: key,
  economy: 'KR',
  clusterId: key.startsWith('cluster:') ? key.slice(8) : 'cA',
  sectors: [],
  inferredSectors: [],
  languages: [],
  region: null,
  kind: null,
  website: null,
  contactName: null,
  contactEmail: null,
  updatedAt: NOW.toISOString(),
  ...overrides,
});

const requester = party('cluster:cA');
const target = party('cluster:cB', { economy: 'JP' });
const managerOf = (...clusterIds: string[]): Principal => ({
  role: 'cluster_manager',
  keyId: `key-${clusterIds.join('-')}`,
  clusterIds,
  memberId: null,
});
const operator: Principal = { role: 'operator', keyId: 'op', clusterIds: [], memberId: null };

const suggestion = { id: 'sug-1', subjectKey: requester.key, partnerKey: target.key } as Suggestion;

function intro(overrides: Partial<Introduction> = {}): Introduction {
  return {
    id: 'intro-1',
    requesterKey: requester.key,
    targetKey: target.key,
    requesterClusterId: 'cA',
    targetClusterId: 'cB',
    requesterEconomy: 'KR',
    targetEconomy: 'JP',
    suggestionId: 'sug-1',
    message: 'hello',
    status: 'pending',
    requestedBy: 'key-cA',
    createdAt: new Date(NOW.getTime() - DAY).toISOString(),
    expiresAt: new Date(NOW.getTime() + 13 * DAY).toISOString(),
    decidedAt: null,
    decidedBy: null,
    response: null,
    requestNotifiedAt: null,
    decisionNotifiedAt: null,
    releaseNotifiedAt: null,
    ...overrides,
  };
}

describe('IntroductionRequests (the state machine, with mocked ports)', () => {
  let intros: Mocked<IntroductionsRepository> & IntroductionsRepository;
  let suggestions: Mocked<SuggestionsRepository> & SuggestionsRepository;
  let parties: Mocked<PartyDirectory> & PartyDirectory;
  let notifier: Mocked<IntroductionNotifier> & IntroductionNotifier;
  let views: Mocked<IntroductionViews> & IntroductionViews;
  let collaborations: Mocked<CollaborationsService> & CollaborationsService;
  let sut: IntroductionRequests;

  beforeEach(() => {
    intros = mockOf('IntroductionsRepository');
    suggestions = mockOf('SuggestionsRepository');
    parties = mockOf('PartyDirectory');
    notifier = mockOf('IntroductionNotifier');
    views = mockOf('IntroductionViews');
    collaborations = mockOf('CollaborationsService');
    collaborations.recordIntroduction.mockResolvedValue({} as never);
    const config = {
      introductions: { dailyLimit: 3, ttlDays: 14, oneActorBothSides: false },
    } as AppConfig;
    sut = new IntroductionRequests(
      config,
      new FixedClock(NOW),
      intros,
      suggestions,
      parties,
      notifier,
      views,
      collaborations,
      { run: (fn: () => Promise<unknown>) => fn() } as UnitOfWork,
      { active: () => Promise.resolve(DEFAULT_CRITERIA) } as unknown as CriteriaService,
    );
    suggestions.findById.mockResolvedValue(suggestion);
    parties.find.mockImplementation((key) =>
      Promise.resolve([requester, target].find((p) => p.key === key)),
    );
    intros.latestBetween.mockResolvedValue(undefined);
    intros.requestedSince.mockResolvedValue([]);
    intros.create.mockResolvedValue(undefined);
    notifier.queueEmail.mockResolvedValue(undefined);
    views.view.mockImplementation((_p, i) =>
      Promise.resolve({ id: i.id, status: i.status } as never),
    );
  });

  const ask = (p: Principal = managerOf('cA')) =>
    sut.request(p, { suggestionId: 'sug-1', message: 'hello' });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (e: DomainError) => ({ code: e.code, kind: e.kind }),
    );

  describe('asking', () => {
    it('creates a pending request that expires after the TTL, audits it and queues the email', async () => {
      await ask();
      const [created, event] = intros.create.mock.calls[0];
      expect(created).toMatchObject({
        requesterKey: requester.key,
        targetKey: target.key,
        status: 'pending',
        requestedBy: 'key-cA',
        expiresAt: new Date(NOW.getTime() + 14 * DAY).toISOString(),
      });
      expect(event).toMatchObject({ type: 'requested', actor: 'key-cA' });
      expect(notifier.queueEmail).toHaveBeenCalledWith(created.id, 'request');
    });

    it('is refused to anyone but the suggested party itself, operators included', async () => {
      expect(await refusal(ask(managerOf('cB')))).toEqual({
        code: 'INTRODUCTION.NOT_YOUR_SUGGESTION',
        kind: 'forbidden',
      });
      expect(await refusal(ask(operator))).toMatchObject({ kind: 'forbidden' });
      expect(intros.create).not.toHaveBeenCalled();
    });

    it('is refused (409) to one key acting for both parties, and across one economy', async () => {
      expect(await refusal(ask(managerOf('cA', 'cB')))).toEqual({
        code: 'INTRODUCTION.ONE_ACTOR',
        kind: 'conflict',
      });
      // The partner's economy changed since the suggestion was made.
      parties.find.mockImplementation((key) =>
        Promise.resolve([requester, { ...target, economy: 'KR' }].find((p) => p.key === key)),
      );
      expect(await refusal(ask())).toEqual({ code: 'INTRODUCTION.SAME_ECONOMY', kind: 'conflict' });
      expect(intros.create).not.toHaveBeenCalled();
    });

    it('is refused while a request between the two is pending, in either direction', async () => {
      intros.latestBetween.mockResolvedValue(intro());
      expect(await refusal(ask())).toEqual({ code: 'INTRODUCTION.DUPLICATE', kind: 'conflict' });
      intros.latestBetween.mockResolvedValue(
        intro({ requesterKey: target.key, targetKey: requester.key }),
      );
      expect(await refusal(ask())).toEqual({ code: 'INTRODUCTION.DUPLICATE', kind: 'conflict' });
    });

    it('is refused once the partner accepted', async () => {
      intros.latestBetween.mockResolvedValue(
        intro({ status: 'accepted', decidedAt: NOW.toISOString() }),
      );
      expect(await refusal(ask())).toEqual({
        code: 'INTRODUCTION.ALREADY_INTRODUCED',
        kind: 'conflict',
      });
    });

    it('is refused for 90 days after a decline, and allowed after', async () => {
      const declined = (daysAgo: number) =>
        intro({
          status: 'declined',
          decidedAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
        });
      intros.latestBetween.mockResolvedValue(declined(89));
      expect(await refusal(ask())).toEqual({
        code: 'INTRODUCTION.DECLINED_RECENTLY',
        kind: 'conflict',
      });
      intros.latestBetween.mockResolvedValue(declined(91));
      await expect(ask()).resolves.toBeDefined();
    });

    it('may ask again after a withdrawal or an expiry (a pending request past its deadline)', async () => {
      intros.latestBetween.mockResolvedValue(intro({ status: 'withdrawn' }));
      await expect(ask()).resolves.toBeDefined();
      intros.latestBetween.mockResolvedValue(
        intro({ expiresAt: new Date(NOW.getTime() - 1).toISOString() }),
      );
      await expect(ask()).resolves.toBeDefined();
    });

    it('is limited per party per 24 hours, saying when the oldest request leaves the window', async () => {
      const times = [20, 10, 5].map((h) => new Date(NOW.getTime() - h * 3600_000).toISOString());
      intros.requestedSince.mockResolvedValue(times);
      const error = (await ask().catch((e: unknown) => e)) as DomainError;
      expect(error.code).toBe('INTRODUCTION.DAILY_LIMIT');
      expect(error.kind).toBe('rate_limited');
      expect(error.retryAfterSeconds).toBe(4 * 3600);
      expect(intros.requestedSince).toHaveBeenCalledWith(
        requester.key,
        new Date(NOW.getTime() - DAY).toISOString(),
      );
    });

    it('says the partner is gone when it left the platform', async () => {
      parties.find.mockImplementation((key) =>
        Promise.resolve(key === requester.key ? requester : undefined),
      );
      expect(await refusal(ask())).toEqual({
        code: 'INTRODUCTION.PARTNER_GONE',
        kind: 'not_found',
      });
    });
  });

  describe('deciding', () => {
    beforeEach(() => {
      views.visible.mockResolvedValue(intro());
      intros.decide.mockImplementation((id, status) =>
        Promise.resolve(intro({ status, decidedAt: NOW.toISOString() })),
      );
    });

    it('lets the partner accept or decline, and queues the decision email', async () => {
      await sut.decide(managerOf('cB'), 'intro-1', 'accepted', 'glad to');
      expect(intros.decide).toHaveBeenCalledWith(
        'intro-1',
        'accepted',
        expect.objectContaining({ type: 'accepted', actor: 'key-cB', detail: 'glad to' }),
        'glad to',
      );
      expect(notifier.queueEmail).toHaveBeenCalledWith('intro-1', 'decision');
      expect(collaborations.recordIntroduction).toHaveBeenCalledWith(
        expect.objectContaining({
          id: 'intro-1',
          requesterKey: 'cluster:cA',
          targetKey: 'cluster:cB',
        }),
      );
      collaborations.recordIntroduction.mockClear();
      await sut.decide(managerOf('cB'), 'intro-1', 'declined', null);
      expect(collaborations.recordIntroduction).not.toHaveBeenCalled();
      expect(intros.decide).toHaveBeenLastCalledWith(
        'intro-1',
        'declined',
        expect.anything(),
        null,
      );
    });

    it('checks the rules again on accepting: one actor for both sides, one economy', async () => {
      expect(await refusal(sut.decide(managerOf('cA', 'cB'), 'intro-1', 'accepted', null))).toEqual(
        { code: 'INTRODUCTION.ONE_ACTOR', kind: 'conflict' },
      );
      parties.find.mockImplementation((key) =>
        Promise.resolve([{ ...requester, economy: 'JP' }, target].find((p) => p.key === key)),
      );
      expect(await refusal(sut.decide(managerOf('cB'), 'intro-1', 'accepted', null))).toEqual({
        code: 'INTRODUCTION.SAME_ECONOMY',
        kind: 'conflict',
      });
      expect(intros.decide).not.toHaveBeenCalled();
      // Declining stays possible.
      await sut.decide(managerOf('cB'), 'intro-1', 'declined', null);
      expect(intros.decide).toHaveBeenCalled();
    });

    it('lets only the requester withdraw, and only the partner answer', async () => {
      expect(await refusal(sut.decide(managerOf('cA'), 'intro-1', 'accepted', null))).toEqual({
        code: 'INTRODUCTION.NOT_YOUR_DECISION',
        kind: 'forbidden',
      });
      expect(await refusal(sut.decide(managerOf('cB'), 'intro-1', 'withdrawn', null))).toEqual({
        code: 'INTRODUCTION.NOT_YOUR_DECISION',
        kind: 'forbidden',
      });
      expect(await refusal(sut.decide(operator, 'intro-1', 'accepted', null))).toMatchObject({
        kind: 'forbidden',
      });
      await expect(
        sut.decide(managerOf('cA'), 'intro-1', 'withdrawn', null),
      ).resolves.toBeDefined();
    });

    it('refuses a second decision, naming an expiry as such', async () => {
      intros.decide.mockResolvedValue(undefined);
      intros.findById.mockResolvedValue(intro({ status: 'accepted' }));
      expect(await refusal(sut.decide(managerOf('cB'), 'intro-1', 'declined', null))).toEqual({
        code: 'INTRODUCTION.ALREADY_DECIDED',
        kind: 'conflict',
      });
      const expired = intro({ expiresAt: new Date(NOW.getTime() - 1).toISOString() });
      intros.findById.mockResolvedValue(expired);
      const error = (await sut
        .decide(managerOf('cB'), 'intro-1', 'accepted', null)
        .catch((e: unknown) => e)) as DomainError;
      expect(error.message).toBe(`This introduction expired on ${expired.expiresAt}`);
      expect(notifier.queueEmail).not.toHaveBeenCalled();
    });
  });
});
