import {
  CandidateRecord,
  HARD_RULES,
  RuleContext,
  admitsRecordOfParty,
  brokenRules,
  notDismissed,
  notExcludedKnownPartner,
  notExpired,
  notOwnCluster,
  otherEconomy,
  partnerOfRecord,
  targetsAdmitSubject,
} from '../../../src/matching/hard-rules';
import { IndexMeta } from '../../../src/vector-index/vector-index';

const ctx = (overrides: Partial<RuleContext> = {}): RuleContext => ({
  subject: { key: 'cluster:s', economy: 'KR', clusterId: 's' },
  rules: { allowSameEconomy: false, respectTargetEconomies: true, knownPartners: 'include' },
  today: '2026-11-27',
  dismissed: new Set(),
  known: new Set(),
  ...overrides,
});

const offer = (meta: Partial<IndexMeta> = {}): CandidateRecord => {
  const m: IndexMeta = {
    entity: 'item',
    id: 'i1',
    economy: 'JP',
    clusterId: 'c1',
    memberId: null,
    area: 'joint_rd',
    validUntil: '2027-01-01',
    targetEconomies: [],
    sectorIndex: [],
    ...meta,
  };
  return { key: 'item:i1', meta: m, partnerKey: partnerOfRecord('item:i1', m) };
};

describe('hard rules, one by one', () => {
  it('other-economy: refuses the subject’s own economy unless the criteria allow it', () => {
    expect(otherEconomy.admits(ctx(), offer())).toBe(true);
    expect(otherEconomy.admits(ctx(), offer({ economy: 'KR' }))).toBe(false);
    const allowed = ctx({
      rules: { allowSameEconomy: true, respectTargetEconomies: true, knownPartners: 'include' },
    });
    expect(otherEconomy.admits(allowed, offer({ economy: 'KR' }))).toBe(true);
  });

  it('not-own-cluster: refuses the subject’s cluster, its members and itself', () => {
    expect(notOwnCluster.admits(ctx(), offer())).toBe(true);
    expect(notOwnCluster.admits(ctx(), offer({ clusterId: 's' }))).toBe(false);
    expect(notOwnCluster.admits(ctx(), offer({ clusterId: 's', memberId: 'm1' }))).toBe(false);
  });

  it('not-expired: an item is evidence through its last valid day; profiles never expire', () => {
    expect(notExpired.admits(ctx(), offer({ validUntil: '2026-11-27' }))).toBe(true);
    expect(notExpired.admits(ctx(), offer({ validUntil: '2026-11-26' }))).toBe(false);
    expect(notExpired.admits(ctx(), offer({ entity: 'cluster', validUntil: undefined }))).toBe(
      true,
    );
  });

  it('targets-admit-subject: an item naming target economies is evidence only for them', () => {
    expect(targetsAdmitSubject.admits(ctx(), offer({ targetEconomies: ['KR', 'US'] }))).toBe(true);
    expect(targetsAdmitSubject.admits(ctx(), offer({ targetEconomies: ['US'] }))).toBe(false);
    const ignored = ctx({
      rules: { allowSameEconomy: false, respectTargetEconomies: false, knownPartners: 'include' },
    });
    expect(targetsAdmitSubject.admits(ignored, offer({ targetEconomies: ['US'] }))).toBe(true);
  });

  it('not-dismissed: the owner of a record the subject hid or found not relevant is out', () => {
    expect(notDismissed.admits(ctx(), offer())).toBe(true);
    const hid = ctx({ dismissed: new Set(['cluster:c1']) });
    expect(notDismissed.admits(hid, offer())).toBe(false);
    expect(notDismissed.admits(hid, offer({ memberId: 'm9' }))).toBe(true);
  });

  it('not-known-partner: past partners are out only when the criteria exclude them', () => {
    const known = new Set(['cluster:c1']);
    expect(notExcludedKnownPartner.admits(ctx({ known }), offer())).toBe(true);
    const exclude = ctx({
      known,
      rules: { allowSameEconomy: false, respectTargetEconomies: true, knownPartners: 'exclude' },
    });
    expect(notExcludedKnownPartner.admits(exclude, offer())).toBe(false);
    expect(notExcludedKnownPartner.admits(exclude, offer({ clusterId: 'c2' }))).toBe(true);
  });

  it('names every rule a record breaks, and none for an admissible one', () => {
    expect(brokenRules(ctx(), offer())).toEqual([]);
    expect(
      brokenRules(
        ctx({
          dismissed: new Set(['cluster:s']),
          known: new Set(['cluster:s']),
          rules: {
            allowSameEconomy: false,
            respectTargetEconomies: true,
            knownPartners: 'exclude',
          },
        }),
        offer({ economy: 'KR', clusterId: 's', validUntil: '2020-01-01', targetEconomies: ['US'] }),
      ),
    ).toEqual(HARD_RULES.map((r) => r.name));
  });

  it('a need or offer stands for its owner: the member when a member owns it, else the cluster', () => {
    expect(offer().partnerKey).toBe('cluster:c1');
    expect(offer({ memberId: 'm1' }).partnerKey).toBe('member:m1');
    expect(partnerOfRecord('cluster:c9', { ...offer().meta, entity: 'cluster' })).toBe(
      'cluster:c9',
    );
  });
});

describe('rules about a record itself (its party already admitted)', () => {
  it('admit a valid need or offer aimed at the subject, and nothing expired or aimed elsewhere', () => {
    expect(admitsRecordOfParty(ctx(), offer())).toBe(true);
    expect(admitsRecordOfParty(ctx(), offer({ targetEconomies: ['KR', 'VN'] }))).toBe(true);
    expect(admitsRecordOfParty(ctx(), offer({ validUntil: '2026-11-26' }))).toBe(false);
    expect(admitsRecordOfParty(ctx(), offer({ targetEconomies: ['VN'] }))).toBe(false);
    // Party rules are not asked again: its economy and cluster were checked with the party.
    expect(admitsRecordOfParty(ctx(), offer({ economy: 'KR', clusterId: 's' }))).toBe(true);
  });
});
