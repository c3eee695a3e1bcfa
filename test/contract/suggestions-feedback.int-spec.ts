import { newId } from '../../src/common/ids';
import { FEATURES } from '../../src/matching/criteria';
import {
  Feedback,
  Suggestion,
  SuggestionList,
  suggestionId,
} from '../../src/suggestions/suggestion';
import { describeContract } from '../support/stores';

const AT = '2026-11-27T10:00:00.000Z';
const LATER = '2026-11-28T10:00:00.000Z';

const cluster = () => `cluster:${newId()}` as const;
const member = () => `member:${newId()}` as const;

const list = (subjectKey: string, overrides: Partial<SuggestionList> = {}): SuggestionList => ({
  subjectKey,
  criteriaVersion: 1,
  computedAt: AT,
  changeSeq: 42,
  size: 0,
  ...overrides,
});

function aSuggestion(
  subjectKey: string,
  partnerKey: string,
  rank: number,
  overrides: Partial<Suggestion> = {},
): Suggestion {
  return {
    id: suggestionId(subjectKey, partnerKey),
    subjectKey,
    partnerKey,
    partnerEconomy: 'JP',
    rank,
    score: 0.9 - rank * 0.0625,
    parts: Object.fromEntries(
      FEATURES.map((f, i) => [f, { value: 0.5, weight: i / 10, contribution: i / 20 }]),
    ) as Suggestion['parts'],
    reason: "Your need 'Pilot line for SiC modules' matches their offer 'SiC pilot line access'",
    reasonParts: [
      {
        kind: 'need_meets_offer',
        yours: 'Pilot line for SiC modules',
        theirs: 'SiC pilot line access',
      },
      { kind: 'shared_sector', code: '2610', inferred: true },
    ],
    evidence: [
      {
        direction: 'their_offer_for_your_need',
        yours: { id: newId(), title: 'Pilot line for SiC modules', kind: 'need', area: 'joint_rd' },
        theirs: { id: newId(), title: 'SiC pilot line access', kind: 'offer', area: 'joint_rd' },
        similarity: 0.8125,
      },
    ],
    areas: ['joint_rd'],
    criteriaVersion: 1,
    computedAt: AT,
    ...overrides,
  };
}

const sorted = (xs: string[]) => [...xs].sort();

describeContract('SuggestionsRepository', (store) => {
  it('knows no list for a subject never computed', async () => {
    expect(await store().suggestions.findList(cluster())).toBeUndefined();
    expect(await store().suggestions.list(cluster(), {}, { limit: 10 })).toEqual([]);
    expect(await store().suggestions.findById(suggestionId(cluster(), cluster()))).toBeUndefined();
    expect(await store().suggestions.countLists()).toBe(0);
  });

  it('stores a list and its suggestions exactly, in rank order', async () => {
    const subject = cluster();
    const suggestions = [
      aSuggestion(subject, cluster(), 2, { areas: ['trade', 'investment'], partnerEconomy: 'CL' }),
      aSuggestion(subject, member(), 1),
      aSuggestion(subject, cluster(), 3, { evidence: [], areas: [] }),
    ];
    await store().suggestions.replaceList(list(subject, { size: 3 }), suggestions);
    expect(await store().suggestions.findList(subject)).toEqual({
      subjectKey: subject,
      criteriaVersion: 1,
      computedAt: AT,
      changeSeq: 42,
      size: 3,
    });
    expect(await store().suggestions.list(subject, {}, { limit: 10 })).toEqual([
      suggestions[1],
      suggestions[0],
      suggestions[2],
    ]);
    expect(await store().suggestions.findById(suggestions[0].id)).toEqual(suggestions[0]);
    expect(await store().suggestions.countLists()).toBe(1);
  });

  it('reads a suggestion stored before reasons became data with reasonParts null', async () => {
    const subject = cluster();
    const old = aSuggestion(subject, cluster(), 1, { reasonParts: null });
    await store().suggestions.replaceList(list(subject, { size: 1 }), [old]);
    expect(await store().suggestions.findById(old.id)).toEqual(old);
  });

  it('replaces a subject’s whole list, leaving other subjects’ lists alone', async () => {
    const [subject, other] = [cluster(), cluster()];
    const [kept, dropped, added] = [cluster(), cluster(), member()];
    await store().suggestions.replaceList(list(subject, { size: 2 }), [
      aSuggestion(subject, kept, 1),
      aSuggestion(subject, dropped, 2),
    ]);
    const others = [aSuggestion(other, dropped, 1)];
    await store().suggestions.replaceList(list(other, { size: 1 }), others);

    const next = [
      aSuggestion(subject, added, 1, { criteriaVersion: 2, computedAt: LATER, score: 0.75 }),
      aSuggestion(subject, kept, 2, { criteriaVersion: 2, computedAt: LATER, score: 0.5 }),
    ];
    await store().suggestions.replaceList(
      list(subject, { criteriaVersion: 2, computedAt: LATER, changeSeq: 57, size: 2 }),
      next,
    );
    expect(await store().suggestions.findList(subject)).toEqual({
      subjectKey: subject,
      criteriaVersion: 2,
      computedAt: LATER,
      changeSeq: 57,
      size: 2,
    });
    expect(await store().suggestions.list(subject, {}, { limit: 10 })).toEqual(next);
    expect(await store().suggestions.findById(suggestionId(subject, dropped))).toBeUndefined();
    expect(await store().suggestions.findById(suggestionId(subject, kept))).toMatchObject({
      rank: 2,
      score: 0.5,
      criteriaVersion: 2,
    });
    expect(await store().suggestions.list(other, {}, { limit: 10 })).toEqual(others);
    expect(await store().suggestions.countLists()).toBe(2);
  });

  it('counts suggestions by subject and partner economy, over every list or in one area', async () => {
    const [a, b] = [cluster(), member()];
    await store().suggestions.replaceList(list(a, { size: 3 }), [
      aSuggestion(a, cluster(), 1, { partnerEconomy: 'JP', areas: ['joint_rd'] }),
      aSuggestion(a, member(), 2, { partnerEconomy: 'JP', areas: ['trade', 'joint_rd'] }),
      aSuggestion(a, cluster(), 3, { partnerEconomy: 'CL', areas: ['trade'] }),
    ]);
    await store().suggestions.replaceList(list(b, { size: 1 }), [
      aSuggestion(b, cluster(), 1, { partnerEconomy: 'JP', areas: [] }),
    ]);
    const byKey = (xs: { subjectKey: string; partnerEconomy: string; count: number }[]) =>
      Object.fromEntries(xs.map((x) => [`${x.subjectKey}>${x.partnerEconomy}`, x.count]));

    expect(byKey(await store().suggestions.partnerEconomyCounts())).toEqual({
      [`${a}>JP`]: 2,
      [`${a}>CL`]: 1,
      [`${b}>JP`]: 1,
    });
    expect(byKey(await store().suggestions.partnerEconomyCounts('joint_rd'))).toEqual({
      [`${a}>JP`]: 2,
    });
    expect(byKey(await store().suggestions.partnerEconomyCounts('trade'))).toEqual({
      [`${a}>JP`]: 1,
      [`${a}>CL`]: 1,
    });
  });

  it('keeps an empty list as computed, with size 0', async () => {
    const subject = member();
    await store().suggestions.replaceList(list(subject, { size: 1 }), [
      aSuggestion(subject, cluster(), 1),
    ]);
    await store().suggestions.replaceList(list(subject, { computedAt: LATER }), []);
    expect(await store().suggestions.findList(subject)).toMatchObject({
      computedAt: LATER,
      size: 0,
    });
    expect(await store().suggestions.list(subject, {}, { limit: 10 })).toEqual([]);
    expect(await store().suggestions.countLists()).toBe(1);
  });

  it('pages by rank: limit + 1 rows tell there is more, `afterRank` continues', async () => {
    const subject = cluster();
    const ranks = [4, 1, 5, 3, 2];
    await store().suggestions.replaceList(
      list(subject, { size: 5 }),
      ranks.map((rank) => aSuggestion(subject, cluster(), rank)),
    );
    const page = async (limit: number, afterRank?: number) =>
      (await store().suggestions.list(subject, {}, { limit, afterRank })).map((s) => s.rank);
    expect(await page(2)).toEqual([1, 2, 3]);
    expect(await page(2, 2)).toEqual([3, 4, 5]);
    expect(await page(2, 4)).toEqual([5]);
    expect(await page(2, 5)).toEqual([]);
  });

  it('filters by partner economy and by cooperation area, keeping the list’s ranks', async () => {
    const subject = cluster();
    await store().suggestions.replaceList(list(subject, { size: 5 }), [
      aSuggestion(subject, cluster(), 1, { partnerEconomy: 'JP', areas: ['trade'] }),
      aSuggestion(subject, cluster(), 2, { partnerEconomy: 'CL', areas: ['joint_rd', 'trade'] }),
      aSuggestion(subject, cluster(), 3, { partnerEconomy: 'JP', areas: ['joint_rd'] }),
      aSuggestion(subject, cluster(), 4, { partnerEconomy: 'CL', areas: [] }),
      aSuggestion(subject, cluster(), 5, { partnerEconomy: 'JP', areas: ['training', 'trade'] }),
    ]);
    const ranks = async (
      filter: { economy?: string; area?: string },
      page: { limit: number; afterRank?: number } = { limit: 10 },
    ) => (await store().suggestions.list(subject, filter, page)).map((s) => s.rank);
    expect(await ranks({ economy: 'JP' })).toEqual([1, 3, 5]);
    expect(await ranks({ area: 'trade' })).toEqual([1, 2, 5]);
    expect(await ranks({ economy: 'JP', area: 'trade' })).toEqual([1, 5]);
    expect(await ranks({ economy: 'KR' })).toEqual([]);
    expect(await ranks({ area: 'train' })).toEqual([]);
    expect(await ranks({ economy: 'CL' }, { limit: 1, afterRank: 2 })).toEqual([4]);
  });

  it('finds the subjects whose current list suggests a partner', async () => {
    const [a, b, c] = [cluster(), member(), cluster()];
    const partner = cluster();
    await store().suggestions.replaceList(list(a), [aSuggestion(a, partner, 1)]);
    await store().suggestions.replaceList(list(b), [
      aSuggestion(b, cluster(), 1),
      aSuggestion(b, partner, 2),
    ]);
    await store().suggestions.replaceList(list(c), [aSuggestion(c, cluster(), 1)]);
    expect(sorted(await store().suggestions.subjectsSuggesting(partner))).toEqual(sorted([a, b]));

    await store().suggestions.replaceList(list(a, { computedAt: LATER }), []);
    expect(await store().suggestions.subjectsSuggesting(partner)).toEqual([b]);
    expect(await store().suggestions.subjectsSuggesting(member())).toEqual([]);
  });
});

describeContract('FeedbackRepository', (store) => {
  const feedback = (overrides: Partial<Feedback> = {}): Feedback => ({
    subjectKey: 'cluster:subject',
    partnerKey: 'cluster:partner',
    status: 'useful',
    reason: 'We met them at the Busan forum',
    actor: 'key_cluster_manager',
    at: AT,
    ...overrides,
  });

  it('stores feedback per subject and partner and reads it back', async () => {
    const subject = cluster();
    const first = feedback({ subjectKey: subject, partnerKey: cluster() });
    const second = feedback({
      subjectKey: subject,
      partnerKey: member(),
      status: 'hidden',
      reason: null,
    });
    const elsewhere = feedback({ subjectKey: cluster(), partnerKey: first.partnerKey });
    for (const f of [first, second, elsewhere]) await store().feedback.upsert(f);
    expect(await store().feedback.find(subject, first.partnerKey)).toEqual(first);
    expect(await store().feedback.find(subject, second.partnerKey)).toEqual(second);
    expect(await store().feedback.find(subject, cluster())).toBeUndefined();
    const mine = await store().feedback.forSubject(subject);
    expect(mine.sort((x, y) => x.partnerKey.localeCompare(y.partnerKey))).toEqual(
      [first, second].sort((x, y) => x.partnerKey.localeCompare(y.partnerKey)),
    );
    expect(await store().feedback.forSubject(cluster())).toEqual([]);
  });

  it('keeps one entry per subject and partner: the latest replaces the earlier', async () => {
    const subject = cluster();
    const partner = cluster();
    await store().feedback.upsert(feedback({ subjectKey: subject, partnerKey: partner }));
    const latest = feedback({
      subjectKey: subject,
      partnerKey: partner,
      status: 'not_relevant',
      reason: null,
      actor: 'key_other_manager',
      at: LATER,
    });
    await store().feedback.upsert(latest);
    expect(await store().feedback.find(subject, partner)).toEqual(latest);
    expect(await store().feedback.forSubject(subject)).toEqual([latest]);
  });

  it('keeps feedback when the subject’s suggestion list is recomputed', async () => {
    const subject = cluster();
    const partner = cluster();
    await store().suggestions.replaceList(list(subject), [aSuggestion(subject, partner, 1)]);
    const saved = feedback({ subjectKey: subject, partnerKey: partner, status: 'saved' });
    await store().feedback.upsert(saved);
    await store().suggestions.replaceList(list(subject, { computedAt: LATER }), []);
    expect(await store().feedback.find(subject, partner)).toEqual(saved);
  });
});
