import { newId } from '../../src/common/ids';
import { DigestRecord, DigestSettings } from '../../src/digests/digest';
import { suggestionId } from '../../src/suggestions/suggestion';
import { describeContract } from '../support/stores';

const AT = '2026-11-30T08:00:00.000Z';
const LATER = '2026-11-30T08:03:00.000Z';
const PERIOD = 'W2026-49';
const NEXT_PERIOD = 'W2026-50';

const recipient = () => `cluster:${newId()}`;

const aRecord = (recipientKey: string, overrides: Partial<DigestRecord> = {}): DigestRecord => ({
  recipientKey,
  period: PERIOD,
  status: 'pending',
  messageId: `<digest-${newId()}@pec-match>`,
  email: 'managers@cluster.example',
  attempts: 0,
  error: null,
  createdAt: AT,
  sentAt: null,
  leaseUntil: null,
  ...overrides,
});

const sent = (recipientKey: string, ...partners: string[]) =>
  partners.map((partnerKey) => ({
    partnerKey,
    suggestionId: suggestionId(recipientKey, partnerKey),
  }));

/** `minutes` after AT. */
const plus = (minutes: number) => new Date(Date.parse(AT) + minutes * 60_000).toISOString();

describeContract('DigestsRepository', (store) => {
  it('saves settings and reads them back, a second save replacing the first', async () => {
    const key = recipient();
    expect(await store().digests.settings(key)).toBeUndefined();
    const settings: DigestSettings = {
      recipientKey: key,
      email: 'digest@cluster.example',
      frequency: 'weekly',
      timezone: 'Asia/Seoul',
      language: 'ko',
      unsubscribedAt: null,
      updatedAt: AT,
    };
    await store().digests.saveSettings(settings);
    expect(await store().digests.settings(key)).toEqual(settings);

    const unsubscribed: DigestSettings = {
      ...settings,
      email: null,
      frequency: 'off',
      timezone: null,
      language: null,
      unsubscribedAt: LATER,
      updatedAt: LATER,
    };
    await store().digests.saveSettings(unsubscribed);
    expect(await store().digests.settings(key)).toEqual(unsubscribed);
    expect(await store().digests.settings(recipient())).toBeUndefined();
  });

  it('claims a pending record once; a second claim returns the first unchanged', async () => {
    const key = recipient();
    expect(await store().digests.find(key, PERIOD)).toBeUndefined();
    const record = aRecord(key);
    expect(await store().digests.claim(record)).toEqual(record);
    expect(await store().digests.find(key, PERIOD)).toEqual(record);

    const again = await store().digests.claim(
      aRecord(key, { messageId: '<digest-other@pec-match>', email: null, createdAt: LATER }),
    );
    expect(again).toEqual(record);
    expect(await store().digests.find(key, PERIOD)).toEqual(record);

    const next = aRecord(key, { period: NEXT_PERIOD });
    expect(await store().digests.claim(next)).toEqual(next);
    expect(await store().digests.find(key, PERIOD)).toEqual(record);
  });

  it('counts failed attempts and keeps the last error', async () => {
    const key = recipient();
    await store().digests.claim(aRecord(key));
    await store().digests.recordAttempt(key, PERIOD, 'connect ECONNREFUSED 127.0.0.1:25');
    await store().digests.recordAttempt(key, PERIOD, '421 4.7.0 Try again later');
    expect(await store().digests.find(key, PERIOD)).toMatchObject({
      status: 'pending',
      attempts: 2,
      error: '421 4.7.0 Try again later',
    });
    await store().digests.recordAttempt(key, PERIOD, null);
    expect(await store().digests.find(key, PERIOD)).toMatchObject({ attempts: 3, error: null });
  });

  it('marks a digest sent and remembers its partners, once each, per recipient', async () => {
    const key = recipient();
    const [a, b, c] = [recipient(), recipient(), `member:${newId()}`];
    await store().digests.claim(aRecord(key));
    await store().digests.recordAttempt(key, PERIOD, '421 4.7.0 Try again later');
    await store().digests.markSent(key, PERIOD, sent(key, a, b), LATER);
    expect(await store().digests.find(key, PERIOD)).toMatchObject({
      status: 'sent',
      sentAt: LATER,
      attempts: 1,
      error: null,
    });
    expect(await store().digests.sentPartners(key)).toEqual(new Set([a, b]));

    await store().digests.claim(aRecord(key, { period: NEXT_PERIOD }));
    await store().digests.markSent(key, NEXT_PERIOD, sent(key, b, c), plus(60 * 24 * 7));
    expect(await store().digests.find(key, NEXT_PERIOD)).toMatchObject({ status: 'sent' });
    expect(await store().digests.sentPartners(key)).toEqual(new Set([a, b, c]));
    expect(await store().digests.sentPartners(recipient())).toEqual(new Set());

    // A retried job finds the digest sent and sends nothing.
    expect(await store().digests.claim(aRecord(key))).toMatchObject({
      status: 'sent',
      sentAt: LATER,
    });
  });

  it('marks a digest empty or skipped', async () => {
    const [empty, skipped] = [recipient(), recipient()];
    await store().digests.claim(aRecord(empty));
    await store().digests.claim(aRecord(skipped));
    await store().digests.markDone(empty, PERIOD, 'empty', LATER);
    await store().digests.markDone(skipped, PERIOD, 'skipped', LATER);
    expect(await store().digests.find(empty, PERIOD)).toMatchObject({
      status: 'empty',
      sentAt: LATER,
    });
    expect(await store().digests.find(skipped, PERIOD)).toMatchObject({
      status: 'skipped',
      sentAt: LATER,
    });
    expect(await store().digests.sentPartners(empty)).toEqual(new Set());
  });

  it('leases a pending digest to one job at a time until the lease expires', async () => {
    const key = recipient();
    await store().digests.claim(aRecord(key));
    expect(await store().digests.lease(key, PERIOD, plus(5), AT)).toBe(true);
    expect(await store().digests.find(key, PERIOD)).toMatchObject({ leaseUntil: plus(5) });
    expect(await store().digests.lease(key, PERIOD, plus(6), plus(1))).toBe(false);
    expect(await store().digests.lease(key, PERIOD, plus(9), plus(4))).toBe(false);
    expect(await store().digests.find(key, PERIOD)).toMatchObject({ leaseUntil: plus(5) });
    // Expired at `until`: the job that held it died; another takes over.
    expect(await store().digests.lease(key, PERIOD, plus(10), plus(5))).toBe(true);
    expect(await store().digests.find(key, PERIOD)).toMatchObject({ leaseUntil: plus(10) });
    expect(await store().digests.lease(key, PERIOD, plus(12), plus(7))).toBe(false);
  });

  it('frees the lease when a send fails, so a retry can take it at once', async () => {
    const key = recipient();
    await store().digests.claim(aRecord(key));
    expect(await store().digests.lease(key, PERIOD, plus(5), AT)).toBe(true);
    await store().digests.recordAttempt(key, PERIOD, '421 4.7.0 Try again later');
    expect(await store().digests.find(key, PERIOD)).toMatchObject({
      attempts: 1,
      leaseUntil: null,
    });
    expect(await store().digests.lease(key, PERIOD, plus(6), plus(1))).toBe(true);
  });

  it('leases no digest that is sent, done or never claimed', async () => {
    const [sentKey, emptyKey] = [recipient(), recipient()];
    await store().digests.claim(aRecord(sentKey));
    expect(await store().digests.lease(sentKey, PERIOD, plus(5), AT)).toBe(true);
    await store().digests.markSent(sentKey, PERIOD, sent(sentKey, recipient()), plus(1));
    expect(await store().digests.lease(sentKey, PERIOD, plus(15), plus(10))).toBe(false);

    await store().digests.claim(aRecord(emptyKey));
    await store().digests.markDone(emptyKey, PERIOD, 'empty', AT);
    expect(await store().digests.lease(emptyKey, PERIOD, plus(5), AT)).toBe(false);

    expect(await store().digests.lease(recipient(), PERIOD, plus(5), AT)).toBe(false);
    expect(await store().digests.lease(sentKey, NEXT_PERIOD, plus(5), AT)).toBe(false);
  });
});
