import { newId } from '../../src/common/ids';
import {
  Introduction,
  IntroductionCount,
  IntroductionDecision,
  IntroductionEvent,
  IntroductionFilter,
} from '../../src/introductions/introduction';
import { suggestionId } from '../../src/suggestions/suggestion';
import { describeContract } from '../support/stores';

const AT = '2026-11-27T10:00:00.000Z';
const DEADLINE = '2026-12-11T10:00:00.000Z';

/** `minutes` after AT (before it when negative). */
const plus = (minutes: number) => new Date(Date.parse(AT) + minutes * 60_000).toISOString();
/** `ms` milliseconds after DEADLINE (before it when negative). */
const deadlinePlus = (ms: number) => new Date(Date.parse(DEADLINE) + ms).toISOString();

/** One side of an introduction: its key, its cluster and its economy. */
interface Party {
  key: string;
  clusterId: string;
  economy: string;
}

const aCluster = (economy = 'KR'): Party => {
  const id = newId();
  return { key: `cluster:${id}`, clusterId: id, economy };
};
const aMemberOf = (cluster: Party): Party => ({
  key: `member:${newId()}`,
  clusterId: cluster.clusterId,
  economy: cluster.economy,
});

/** A pending introduction, asked at AT, with its id taken now (ids sort in creation order). */
const anIntroduction = (
  from: Party,
  to: Party,
  overrides: Partial<Introduction> = {},
): Introduction => ({
  id: newId(),
  requesterKey: from.key,
  targetKey: to.key,
  requesterClusterId: from.clusterId,
  targetClusterId: to.clusterId,
  requesterEconomy: from.economy,
  targetEconomy: to.economy,
  suggestionId: suggestionId(from.key, to.key),
  message: 'We run a SiC pilot line and would like to discuss joint power module prototyping.',
  status: 'pending',
  requestedBy: 'key-requester',
  createdAt: AT,
  expiresAt: DEADLINE,
  decidedAt: null,
  decidedBy: null,
  response: null,
  requestNotifiedAt: null,
  decisionNotifiedAt: null,
  releaseNotifiedAt: null,
  ...overrides,
});

const requested = (i: Introduction): IntroductionEvent => ({
  introductionId: i.id,
  type: 'requested',
  actor: i.requestedBy,
  at: i.createdAt,
  detail: null,
});

const decision = (
  i: Introduction,
  type: IntroductionDecision,
  at: string,
  actor = 'key-partner',
  detail: string | null = null,
): IntroductionEvent => ({ introductionId: i.id, type, actor, at, detail });

const ids = (xs: readonly Introduction[]) => xs.map((x) => x.id);

describeContract('IntroductionsRepository', (store) => {
  const create = async (i: Introduction): Promise<Introduction> => {
    await store().introductions.create(i, requested(i));
    return i;
  };
  const decide = (i: Introduction, status: IntroductionDecision, at: string, actor?: string) =>
    store().introductions.decide(i.id, status, decision(i, status, at, actor), null);

  it('knows nothing of an introduction never created', async () => {
    expect(await store().introductions.findById(newId())).toBeUndefined();
    expect(await store().introductions.events(newId())).toEqual([]);
    expect(
      await store().introductions.latestBetween(aCluster().key, aCluster().key),
    ).toBeUndefined();
    expect(await store().introductions.list({}, { limit: 10 })).toEqual([]);
    expect(await store().introductions.overdue(AT, 10)).toEqual([]);
    expect(await store().introductions.unnotified(10)).toEqual([]);
    expect(await store().introductions.counts()).toEqual([]);
  });

  it('stores an introduction with its requested event; findById returns every field exactly', async () => {
    const [a, b] = [aCluster('KR'), aCluster('JP')];
    const pending = await create(anIntroduction(a, aMemberOf(b)));
    expect(await store().introductions.findById(pending.id)).toEqual(pending);
    expect(await store().introductions.events(pending.id)).toEqual([requested(pending)]);

    // Every optional field set, too (nothing is lost or reformatted on the way).
    const full = await create(
      anIntroduction(aMemberOf(a), b, {
        message: 'Ünïcode — 반도체 협력 ✓',
        status: 'accepted',
        requestedBy: 'key-member-office',
        createdAt: '2026-11-27T10:00:00.123Z',
        expiresAt: '2026-12-11T10:00:00.123Z',
        decidedAt: '2026-11-29T16:30:05.007Z',
        decidedBy: 'key-partner',
        response: 'Happy to talk next week.',
        requestNotifiedAt: '2026-11-27T10:01:00.000Z',
        decisionNotifiedAt: '2026-11-29T16:31:00.000Z',
      }),
    );
    expect(await store().introductions.findById(full.id)).toEqual(full);
    expect(await store().introductions.findById(pending.id)).toEqual(pending);
  });

  it('creates atomically: a failed create stores neither the introduction nor its event', async () => {
    const [a, b] = [aCluster(), aCluster('JP')];
    const first = await create(anIntroduction(a, b));
    const clash = anIntroduction(b, a, { id: first.id, createdAt: plus(5), requestedBy: 'key-b' });
    // Not `rejects.toThrow()`: better-sqlite3's SqliteError comes from the realm of the first test
    // file that loaded the native addon, so in a later file it is not `instanceof Error`.
    const outcome = store()
      .introductions.create(clash, requested(clash))
      .then(
        () => 'stored',
        () => 'refused',
      );
    await expect(outcome).resolves.toBe('refused');
    expect(await store().introductions.findById(first.id)).toEqual(first);
    expect(await store().introductions.events(first.id)).toEqual([requested(first)]);
  });

  it('finds the latest introduction between two parties, in either direction', async () => {
    const [a, b, c] = [aCluster(), aCluster('JP'), aCluster('CL')];
    await create(anIntroduction(a, b, { createdAt: AT }));
    const bToA = await create(anIntroduction(b, a, { createdAt: plus(60) }));
    // Newer, but between other pairs.
    await create(anIntroduction(a, c, { createdAt: plus(120) }));
    await create(anIntroduction(c, b, { createdAt: plus(180) }));
    await create(anIntroduction(b, c, { createdAt: plus(240) }));

    expect(await store().introductions.latestBetween(a.key, b.key)).toEqual(bToA);
    expect(await store().introductions.latestBetween(b.key, a.key)).toEqual(bToA);

    // Created later but asked earlier: the time counts, not the insertion.
    await create(anIntroduction(a, b, { createdAt: plus(30) }));
    expect(await store().introductions.latestBetween(a.key, b.key)).toEqual(bToA);

    const again = await create(anIntroduction(a, b, { createdAt: plus(90) }));
    expect(await store().introductions.latestBetween(b.key, a.key)).toEqual(again);
    expect(await store().introductions.latestBetween(a.key, aCluster().key)).toBeUndefined();
    expect(await store().introductions.latestBetween(a.key, aMemberOf(b).key)).toBeUndefined();
  });

  it("lists a requester's request times strictly after a time, oldest first", async () => {
    const [a, b, c] = [aCluster(), aCluster('JP'), aCluster('CL')];
    for (const createdAt of [plus(30), plus(-60), AT, plus(10), plus(60 * 23)])
      await create(anIntroduction(a, aCluster('JP'), { createdAt }));
    // Others' requests, and requests made *of* `a`, do not count.
    await create(anIntroduction(b, c, { createdAt: plus(20) }));
    await create(anIntroduction(b, a, { createdAt: plus(40) }));
    await create(anIntroduction(aMemberOf(a), c, { createdAt: plus(50) }));

    expect(await store().introductions.requestedSince(a.key, AT)).toEqual([
      plus(10),
      plus(30),
      plus(60 * 23),
    ]);
    expect(await store().introductions.requestedSince(a.key, plus(-61))).toEqual([
      plus(-60),
      AT,
      plus(10),
      plus(30),
      plus(60 * 23),
    ]);
    expect(await store().introductions.requestedSince(a.key, plus(60 * 23))).toEqual([]);
    expect(await store().introductions.requestedSince(b.key, AT)).toEqual([plus(20), plus(40)]);
    expect(await store().introductions.requestedSince(c.key, plus(-60 * 24))).toEqual([]);
  });

  it('decides a pending introduction once, recording who, when and the note, with its event', async () => {
    const [a, b] = [aCluster(), aCluster('JP')];
    const intro = await create(anIntroduction(a, b));
    const other = await create(anIntroduction(b, a));
    const accepted = decision(intro, 'accepted', plus(60), 'key-partner', 'Happy to talk.');
    const expected: Introduction = {
      ...intro,
      status: 'accepted',
      decidedAt: plus(60),
      decidedBy: 'key-partner',
      response: 'Happy to talk.',
    };

    expect(
      await store().introductions.decide(intro.id, 'accepted', accepted, 'Happy to talk.'),
    ).toEqual(expected);
    expect(await store().introductions.findById(intro.id)).toEqual(expected);
    expect(await store().introductions.events(intro.id)).toEqual([requested(intro), accepted]);

    // Already decided: a second decision changes nothing and records nothing.
    for (const status of ['declined', 'withdrawn', 'accepted', 'expired'] as const)
      expect(
        await store().introductions.decide(
          intro.id,
          status,
          decision(intro, status, plus(120), 'key-other', 'Second thoughts'),
          'Second thoughts',
        ),
      ).toBeUndefined();
    expect(await store().introductions.findById(intro.id)).toEqual(expected);
    expect(await store().introductions.events(intro.id)).toEqual([requested(intro), accepted]);
    // The other introduction is untouched.
    expect(await store().introductions.findById(other.id)).toEqual(other);
    expect(await store().introductions.events(other.id)).toEqual([requested(other)]);

    const ghost = anIntroduction(a, b);
    expect(await decide(ghost, 'accepted', plus(60))).toBeUndefined();
    expect(await store().introductions.events(ghost.id)).toEqual([]);
  });

  it('records a decline and a withdrawal with a null note', async () => {
    const [a, b] = [aCluster(), aCluster('JP')];
    const declined = await create(anIntroduction(a, b));
    const withdrawn = await create(anIntroduction(b, a));
    expect(await decide(declined, 'declined', plus(5))).toEqual({
      ...declined,
      status: 'declined',
      decidedAt: plus(5),
      decidedBy: 'key-partner',
      response: null,
    });
    expect(await decide(withdrawn, 'withdrawn', plus(6), 'key-requester')).toEqual({
      ...withdrawn,
      status: 'withdrawn',
      decidedAt: plus(6),
      decidedBy: 'key-requester',
      response: null,
    });
    expect(await store().introductions.events(withdrawn.id)).toEqual([
      requested(withdrawn),
      decision(withdrawn, 'withdrawn', plus(6), 'key-requester'),
    ]);
  });

  it('refuses accepting, declining or withdrawing at or after the deadline, but lets it expire', async () => {
    const [a, b] = [aCluster(), aCluster('JP')];
    const justInTime = await create(anIntroduction(a, b));
    expect(await decide(justInTime, 'accepted', deadlinePlus(-1))).toMatchObject({
      status: 'accepted',
      decidedAt: deadlinePlus(-1),
    });

    const late = await create(anIntroduction(b, a));
    for (const [status, at] of [
      ['accepted', DEADLINE],
      ['declined', DEADLINE],
      ['withdrawn', DEADLINE],
      ['accepted', deadlinePlus(1)],
      ['declined', deadlinePlus(60_000)],
      ['withdrawn', deadlinePlus(86_400_000)],
    ] as const)
      expect(await decide(late, status, at)).toBeUndefined();
    expect(await store().introductions.findById(late.id)).toEqual(late);
    expect(await store().introductions.events(late.id)).toEqual([requested(late)]);

    const expired = decision(late, 'expired', DEADLINE, 'system');
    const expected: Introduction = {
      ...late,
      status: 'expired',
      decidedAt: DEADLINE,
      decidedBy: 'system',
      response: null,
    };
    expect(await store().introductions.decide(late.id, 'expired', expired, null)).toEqual(expected);
    expect(await store().introductions.findById(late.id)).toEqual(expected);
    expect(await store().introductions.events(late.id)).toEqual([requested(late), expired]);
    // Expired once only.
    expect(await decide(late, 'expired', deadlinePlus(60_000), 'system')).toBeUndefined();

    const muchLater = await create(anIntroduction(a, aCluster('CL')));
    expect(await decide(muchLater, 'expired', deadlinePlus(86_400_000), 'system')).toMatchObject({
      status: 'expired',
      decidedAt: deadlinePlus(86_400_000),
      decidedBy: 'system',
    });
  });

  it('finds pending introductions whose deadline has passed, oldest deadline first', async () => {
    const now = DEADLINE;
    const [a, b] = [aCluster(), aCluster('JP')];
    const tenMinutesAgo = await create(anIntroduction(a, b, { expiresAt: deadlinePlus(-600_000) }));
    const exactlyNow = await create(anIntroduction(b, a, { expiresAt: now }));
    const anHourAgo = await create(
      anIntroduction(a, aCluster('CL'), { expiresAt: deadlinePlus(-3_600_000) }),
    );
    await create(anIntroduction(b, aCluster('CL'), { expiresAt: deadlinePlus(1) }));
    // Decided before their deadlines passed: not overdue.
    const accepted = await create(anIntroduction(aMemberOf(a), b, { expiresAt: plus(60) }));
    await decide(accepted, 'accepted', plus(30));
    const withdrawn = await create(anIntroduction(aMemberOf(b), a, { expiresAt: plus(60) }));
    await decide(withdrawn, 'withdrawn', plus(30), 'key-requester');

    expect(await store().introductions.overdue(now, 10)).toEqual([
      anHourAgo,
      tenMinutesAgo,
      exactlyNow,
    ]);
    expect(await store().introductions.overdue(now, 2)).toEqual([anHourAgo, tenMinutesAgo]);
    expect(await store().introductions.overdue(deadlinePlus(-1), 10)).toEqual([
      anHourAgo,
      tenMinutesAgo,
    ]);
    expect(await store().introductions.overdue(deadlinePlus(-3_600_001), 10)).toEqual([]);

    await decide(anHourAgo, 'expired', now, 'system');
    expect(ids(await store().introductions.overdue(now, 10))).toEqual([
      tenMinutesAgo.id,
      exactlyNow.id,
    ]);
  });

  it('finds introductions whose request or decision email has not gone out, oldest first', async () => {
    const [a, b] = [aCluster(), aCluster('JP')];
    const notRequested = await create(anIntroduction(a, b));
    await create(anIntroduction(b, a, { requestNotifiedAt: plus(1) }));
    const decidedNotTold = await create(
      anIntroduction(aMemberOf(a), b, { requestNotifiedAt: plus(1) }),
    );
    await decide(decidedNotTold, 'declined', plus(30));
    const allTold = await create(
      anIntroduction(aMemberOf(b), a, {
        requestNotifiedAt: plus(1),
        decisionNotifiedAt: plus(31),
        releaseNotifiedAt: plus(31),
      }),
    );
    await decide(allTold, 'accepted', plus(30));
    const neither = await create(anIntroduction(a, aCluster('CL')));
    await decide(neither, 'withdrawn', plus(2), 'key-requester');

    expect(ids(await store().introductions.unnotified(10))).toEqual([
      notRequested.id,
      decidedNotTold.id,
      neither.id,
    ]);
    expect(ids(await store().introductions.unnotified(2))).toEqual([
      notRequested.id,
      decidedNotTold.id,
    ]);
    expect(await store().introductions.unnotified(10)).toEqual([
      notRequested,
      { ...decidedNotTold, status: 'declined', decidedAt: plus(30), decidedBy: 'key-partner' },
      { ...neither, status: 'withdrawn', decidedAt: plus(2), decidedBy: 'key-requester' },
    ]);
  });

  it('marks an email sent once; marked introductions leave the unnotified list', async () => {
    const [a, b] = [aCluster(), aCluster('JP')];
    const pending = await create(anIntroduction(a, b));
    const decided = await create(anIntroduction(b, a));
    await decide(decided, 'declined', plus(30));

    expect(await store().introductions.markNotified(pending.id, 'request', plus(1))).toBe(true);
    expect(await store().introductions.markNotified(pending.id, 'request', plus(2))).toBe(false);
    expect(await store().introductions.findById(pending.id)).toEqual({
      ...pending,
      requestNotifiedAt: plus(1),
    });
    expect(ids(await store().introductions.unnotified(10))).toEqual([decided.id]);

    // Decided without either email: it stays until both went out.
    expect(await store().introductions.markNotified(decided.id, 'request', plus(31))).toBe(true);
    expect(ids(await store().introductions.unnotified(10))).toEqual([decided.id]);
    expect(await store().introductions.markNotified(decided.id, 'decision', plus(32))).toBe(true);
    expect(await store().introductions.markNotified(decided.id, 'decision', plus(33))).toBe(false);
    expect(await store().introductions.findById(decided.id)).toMatchObject({
      requestNotifiedAt: plus(31),
      decisionNotifiedAt: plus(32),
    });
    expect(await store().introductions.unnotified(10)).toEqual([]);

    // Once the pending one is accepted, its decision email and the contact release are due.
    await decide(pending, 'accepted', plus(40));
    expect(ids(await store().introductions.unnotified(10))).toEqual([pending.id]);
    expect(await store().introductions.markNotified(pending.id, 'decision', plus(41))).toBe(true);
    expect(ids(await store().introductions.unnotified(10))).toEqual([pending.id]);
    expect(await store().introductions.markNotified(pending.id, 'release', plus(42))).toBe(true);
    expect(await store().introductions.markNotified(pending.id, 'release', plus(43))).toBe(false);
    expect(await store().introductions.findById(pending.id)).toMatchObject({
      decisionNotifiedAt: plus(41),
      releaseNotifiedAt: plus(42),
    });
    expect(await store().introductions.unnotified(10)).toEqual([]);

    expect(await store().introductions.markNotified(newId(), 'request', plus(1))).toBe(false);
  });

  describe('list', () => {
    // A (KR) with its member A1; B (JP) with its member B1; C (CL).
    const A = aCluster('KR');
    const A1 = aMemberOf(A);
    const B = aCluster('JP');
    const B1 = aMemberOf(B);
    const C = aCluster('CL');
    let i1: Introduction; // A → B, pending
    let i2: Introduction; // B → A1, pending
    let i3: Introduction; // C → B, declined
    let i4: Introduction; // A1 → C, accepted
    let i5: Introduction; // B1 → C, pending

    beforeEach(async () => {
      i1 = await create(anIntroduction(A, B));
      i2 = await create(anIntroduction(B, A1, { createdAt: plus(1) }));
      i3 = await create(anIntroduction(C, B, { createdAt: plus(2) }));
      i4 = await create(anIntroduction(A1, C, { createdAt: plus(3) }));
      i5 = await create(anIntroduction(B1, C, { createdAt: plus(4) }));
      i3 = (await decide(i3, 'declined', plus(10)))!;
      i4 = (await decide(i4, 'accepted', plus(11)))!;
    });

    const list = async (filter: IntroductionFilter, limit = 100) =>
      ids(await store().introductions.list(filter, { limit }));

    it('returns every introduction in id order without a filter, as stored', async () => {
      expect(await store().introductions.list({}, { limit: 100 })).toEqual([i1, i2, i3, i4, i5]);
      expect(i3).toMatchObject({ status: 'declined' });
    });

    it('finds introductions either side of which is one of the parties', async () => {
      expect(await list({ parties: { keys: [A.key], clusterIds: [] } })).toEqual([i1.id]);
      expect(await list({ parties: { keys: [A1.key], clusterIds: [] } })).toEqual([i2.id, i4.id]);
      expect(await list({ parties: { keys: [C.key, B1.key], clusterIds: [] } })).toEqual([
        i3.id,
        i4.id,
        i5.id,
      ]);
      expect(await list({ parties: { keys: [`cluster:${newId()}`], clusterIds: [] } })).toEqual([]);
    });

    it('finds introductions either side of which belongs to one of the clusters', async () => {
      expect(await list({ parties: { keys: [], clusterIds: [A.clusterId] } })).toEqual([
        i1.id,
        i2.id,
        i4.id,
      ]);
      expect(await list({ parties: { keys: [], clusterIds: [B.clusterId] } })).toEqual([
        i1.id,
        i2.id,
        i3.id,
        i5.id,
      ]);
      expect(await list({ parties: { keys: [B1.key], clusterIds: [A.clusterId] } })).toEqual([
        i1.id,
        i2.id,
        i4.id,
        i5.id,
      ]);
    });

    it('restricts to the side asked for by the direction', async () => {
      const ofB = { keys: [], clusterIds: [B.clusterId] };
      expect(await list({ parties: ofB, direction: 'sent' })).toEqual([i2.id, i5.id]);
      expect(await list({ parties: ofB, direction: 'received' })).toEqual([i1.id, i3.id]);
      const aAndA1 = { keys: [A.key, A1.key], clusterIds: [] };
      expect(await list({ parties: aAndA1, direction: 'sent' })).toEqual([i1.id, i4.id]);
      expect(await list({ parties: aAndA1, direction: 'received' })).toEqual([i2.id]);
      const mixed = { keys: [B1.key], clusterIds: [A.clusterId] };
      expect(await list({ parties: mixed, direction: 'sent' })).toEqual([i1.id, i4.id, i5.id]);
      expect(await list({ parties: mixed, direction: 'received' })).toEqual([i2.id]);
      expect(await list({ parties: { keys: [C.key], clusterIds: [] }, direction: 'sent' })).toEqual(
        [i3.id],
      );
    });

    it('filters by status', async () => {
      expect(await list({ status: 'pending' })).toEqual([i1.id, i2.id, i5.id]);
      expect(await list({ status: 'accepted' })).toEqual([i4.id]);
      expect(await list({ status: 'expired' })).toEqual([]);
      const ofB = { keys: [], clusterIds: [B.clusterId] };
      expect(await list({ parties: ofB, status: 'pending' })).toEqual([i1.id, i2.id, i5.id]);
      expect(await list({ parties: ofB, status: 'declined' })).toEqual([i3.id]);
      expect(await list({ parties: ofB, direction: 'received', status: 'pending' })).toEqual([
        i1.id,
      ]);
    });

    it('finds nothing for no party at all', async () => {
      const none = { keys: [], clusterIds: [] };
      expect(await list({ parties: none })).toEqual([]);
      expect(await list({ parties: none, direction: 'sent' })).toEqual([]);
      expect(await list({ parties: none, direction: 'received', status: 'pending' })).toEqual([]);
    });

    it('pages by id after a cursor', async () => {
      const page = async (limit: number, after?: string) =>
        ids(await store().introductions.list({}, { limit, after }));
      expect(await page(2)).toEqual([i1.id, i2.id]);
      expect(await page(2, i2.id)).toEqual([i3.id, i4.id]);
      expect(await page(2, i4.id)).toEqual([i5.id]);
      expect(await page(2, i5.id)).toEqual([]);

      const ofB = { keys: [], clusterIds: [B.clusterId] };
      expect(ids(await store().introductions.list({ parties: ofB }, { limit: 2 }))).toEqual([
        i1.id,
        i2.id,
      ]);
      expect(
        ids(await store().introductions.list({ parties: ofB }, { limit: 2, after: i2.id })),
      ).toEqual([i3.id, i5.id]);
      expect(
        ids(
          await store().introductions.list(
            { parties: ofB, status: 'pending' },
            { limit: 1, after: i1.id },
          ),
        ),
      ).toEqual([i2.id]);
    });
  });

  it('keeps each introduction’s audit trail in insertion order', async () => {
    const [a, b] = [aCluster(), aCluster('JP')];
    const intro = await create(anIntroduction(a, b));
    const other = await create(anIntroduction(b, a, { createdAt: plus(1) }));
    const told: IntroductionEvent = {
      introductionId: intro.id,
      type: 'notified',
      actor: 'system',
      at: plus(2),
      detail: `request to ${b.key}`,
    };
    await store().introductions.addEvent(told);
    await store().introductions.addEvent({
      introductionId: other.id,
      type: 'notified',
      actor: 'system',
      at: plus(2),
      detail: `request to ${a.key}: not sent (no email address)`,
    });
    const accepted = decision(intro, 'accepted', plus(60), 'key-partner', 'Gladly');
    await store().introductions.decide(intro.id, 'accepted', accepted, 'Gladly');
    // Recorded late, with an earlier time: the trail keeps the order of recording.
    const late: IntroductionEvent = {
      introductionId: intro.id,
      type: 'notified',
      actor: 'system',
      at: plus(59),
      detail: `accepted to ${a.key}`,
    };
    await store().introductions.addEvent(late);

    expect(await store().introductions.events(intro.id)).toEqual([
      requested(intro),
      told,
      accepted,
      late,
    ]);
    expect(await store().introductions.events(other.id)).toEqual([
      requested(other),
      {
        introductionId: other.id,
        type: 'notified',
        actor: 'system',
        at: plus(2),
        detail: `request to ${a.key}: not sent (no email address)`,
      },
    ]);
  });

  it('counts introductions by economy pair and status', async () => {
    const [kr, jp, cl] = [aCluster('KR'), aCluster('JP'), aCluster('CL')];
    await create(anIntroduction(kr, jp));
    await create(anIntroduction(aMemberOf(kr), jp));
    await decide(await create(anIntroduction(kr, aMemberOf(jp))), 'accepted', plus(5));
    await create(anIntroduction(jp, kr));
    await decide(await create(anIntroduction(cl, kr)), 'declined', plus(5));
    await decide(await create(anIntroduction(cl, kr)), 'expired', DEADLINE, 'system');
    await decide(await create(anIntroduction(cl, kr)), 'expired', DEADLINE, 'system');

    const byKey = (x: IntroductionCount) => `${x.requesterEconomy}>${x.targetEconomy}:${x.status}`;
    const counts = (await store().introductions.counts()).sort((x, y) =>
      byKey(x).localeCompare(byKey(y)),
    );
    expect(counts).toEqual([
      { requesterEconomy: 'CL', targetEconomy: 'KR', status: 'declined', count: 1 },
      { requesterEconomy: 'CL', targetEconomy: 'KR', status: 'expired', count: 2 },
      { requesterEconomy: 'JP', targetEconomy: 'KR', status: 'pending', count: 1 },
      { requesterEconomy: 'KR', targetEconomy: 'JP', status: 'accepted', count: 1 },
      { requesterEconomy: 'KR', targetEconomy: 'JP', status: 'pending', count: 2 },
    ]);
  });

  it('counts, for an area, only introductions asked from a stored suggestion in that area', async () => {
    const [kr, jp, cl] = [aCluster('KR'), aCluster('JP'), aCluster('CL')];
    const suggest = (from: Party, to: Party, areas: string[]) =>
      store().suggestions.replaceList(
        { subjectKey: from.key, criteriaVersion: 1, computedAt: AT, changeSeq: 1, size: 1 },
        [
          {
            id: suggestionId(from.key, to.key),
            subjectKey: from.key,
            partnerKey: to.key,
            partnerEconomy: to.economy,
            rank: 1,
            score: 0.5,
            parts: {} as never,
            reason: 'r',
            reasonParts: null,
            evidence: [],
            areas,
            criteriaVersion: 1,
            computedAt: AT,
          },
        ],
      );
    await suggest(kr, jp, ['joint_rd', 'trade']);
    await suggest(cl, kr, ['trade']);
    await decide(await create(anIntroduction(kr, jp)), 'accepted', plus(5));
    await create(anIntroduction(cl, kr));
    await create(anIntroduction(jp, cl)); // its suggestion is no longer stored

    expect(await store().introductions.counts('joint_rd')).toEqual([
      { requesterEconomy: 'KR', targetEconomy: 'JP', status: 'accepted', count: 1 },
    ]);
    expect(await store().introductions.counts('trade')).toEqual([
      { requesterEconomy: 'CL', targetEconomy: 'KR', status: 'pending', count: 1 },
      { requesterEconomy: 'KR', targetEconomy: 'JP', status: 'accepted', count: 1 },
    ]);
    expect(await store().introductions.counts('hr_exchange')).toEqual([]);
    expect((await store().introductions.counts()).map((c) => c.count)).toEqual([1, 1, 1]);
  });

  it("moves a party's introductions with it to its new cluster, either side, and nothing else", async () => {
    const [a, b, c] = [aCluster(), aCluster('JP'), aCluster('CL')];
    const a1 = aMemberOf(a);
    const asked = await create(anIntroduction(a1, b));
    const askedOf = await create(anIntroduction(c, a1));
    const other = await create(anIntroduction(a, b));
    expect(await store().introductions.followParty(a1.key, c.clusterId)).toBe(2);
    expect(await store().introductions.findById(asked.id)).toEqual({
      ...asked,
      requesterClusterId: c.clusterId,
    });
    expect(await store().introductions.findById(askedOf.id)).toEqual({
      ...askedOf,
      targetClusterId: c.clusterId,
    });
    expect(await store().introductions.findById(other.id)).toEqual(other);
    // Lists by cluster follow: the new cluster sees them, the old one no longer does.
    expect(
      ids(
        await store().introductions.list(
          { parties: { keys: [], clusterIds: [a.clusterId] } },
          { limit: 10 },
        ),
      ),
    ).toEqual([other.id]);
    expect(await store().introductions.followParty(a1.key, c.clusterId)).toBe(0);
  });

  it('deletes every introduction either listed party is on, with its events', async () => {
    const [a, b, c, d] = [aCluster(), aCluster('JP'), aCluster('CL'), aCluster('DE')];
    const [a1, b1] = [aMemberOf(a), aMemberOf(b)];
    const asked = await create(anIntroduction(a, b));
    await store().introductions.addEvent({
      introductionId: asked.id,
      type: 'notified',
      actor: 'system',
      at: plus(1),
      detail: `request to ${b.key}`,
    });
    const askedOf = await create(anIntroduction(c, a1));
    await decide(askedOf, 'accepted', plus(5));
    const bToC = await create(anIntroduction(b, c));
    const b1ToD = await create(anIntroduction(b1, d));
    const cToD = await create(anIntroduction(c, d));

    expect(await store().introductions.deleteForParties([a.key, a1.key])).toBe(2);
    for (const gone of [asked, askedOf]) {
      expect(await store().introductions.findById(gone.id)).toBeUndefined();
      expect(await store().introductions.events(gone.id)).toEqual([]);
    }
    expect(await store().introductions.list({}, { limit: 10 })).toEqual([bToC, b1ToD, cToD]);
    for (const kept of [bToC, b1ToD, cToD])
      expect(await store().introductions.events(kept.id)).toEqual([requested(kept)]);

    // Keys match exactly: a member's key does not take its cluster's introductions, nor the
    // cluster's key its members'.
    expect(await store().introductions.deleteForParties([b1.key])).toBe(1);
    expect(ids(await store().introductions.list({}, { limit: 10 }))).toEqual([bToC.id, cToD.id]);
    expect(await store().introductions.deleteForParties([d.key, `member:${newId()}`])).toBe(1);
    expect(ids(await store().introductions.list({}, { limit: 10 }))).toEqual([bToC.id]);

    expect(await store().introductions.deleteForParties([])).toBe(0);
    expect(await store().introductions.deleteForParties([a.key, `cluster:${newId()}`])).toBe(0);
    expect(await store().introductions.findById(bToC.id)).toEqual(bToC);
    expect(await store().introductions.counts()).toEqual([
      { requesterEconomy: 'JP', targetEconomy: 'CL', status: 'pending', count: 1 },
    ]);
  });
});
