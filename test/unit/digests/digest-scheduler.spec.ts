import { FixedClock } from '../../../src/common/clock/clock';
import { AppConfig } from '../../../src/common/config/app-config';
import { DigestRecord } from '../../../src/digests/digest';
import { DigestRecipients, Recipient } from '../../../src/digests/digest-recipients';
import { DigestScheduler, dueDigestPeriod } from '../../../src/digests/digest-scheduler';
import { DigestsRepository } from '../../../src/digests/digests.repository';
import { JobName, JobQueue } from '../../../src/jobs/jobs';
import { Party } from '../../../src/parties/party';
import { PartyDirectory } from '../../../src/parties/party-directory';
import { Mocked, mockOf } from '../../support/mocks';

// Monday 2026-11-30, 08:30 in Seoul (UTC+9) = 23:30 UTC on Sunday.
const MONDAY_SEOUL_0830 = new Date('2026-11-29T23:30:00Z');
const HOUR = 8;

const recipient = (overrides: Partial<Recipient> = {}): Recipient => ({
  key: 'cluster:c1',
  name: 'Cluster 1',
  email: 'office@c1.example',
  frequency: 'weekly',
  timezone: 'Asia/Seoul',
  language: 'ko',
  unsubscribed: false,
  ...overrides,
});
const none = () => Promise.resolve(undefined);
const record = (status: DigestRecord['status']) => () =>
  Promise.resolve({ status } as DigestRecord);

describe('dueDigestPeriod (the due logic)', () => {
  it('is due from the send hour of the first day of the period, in the recipient’s time zone', async () => {
    expect(await dueDigestPeriod(recipient(), MONDAY_SEOUL_0830, HOUR, none)).toBe('W2026-49');
    const sevenThirty = new Date(MONDAY_SEOUL_0830.getTime() - 3600_000);
    expect(await dueDigestPeriod(recipient(), sevenThirty, HOUR, none)).toBeNull();
    // The same instant is still Sunday evening in New York: that week's digest is long due.
    expect(
      await dueDigestPeriod(recipient({ timezone: 'America/New_York' }), sevenThirty, HOUR, none),
    ).toBe('W2026-48');
  });

  it('follows the recipient’s frequency', async () => {
    expect(
      await dueDigestPeriod(recipient({ frequency: 'daily' }), MONDAY_SEOUL_0830, HOUR, none),
    ).toBe('D2026-11-30');
    expect(
      await dueDigestPeriod(recipient({ frequency: 'monthly' }), MONDAY_SEOUL_0830, HOUR, none),
    ).toBe('M2026-11');
  });

  it('is never due for a recipient switched off, unsubscribed or without an address', async () => {
    for (const r of [
      recipient({ frequency: 'off' }),
      recipient({ unsubscribed: true }),
      recipient({ email: null }),
    ])
      expect(await dueDigestPeriod(r, MONDAY_SEOUL_0830, HOUR, none)).toBeNull();
  });

  it('is not due again once the period’s digest was sent, found empty or skipped; a pending one is', async () => {
    for (const status of ['sent', 'empty', 'skipped'] as const)
      expect(
        await dueDigestPeriod(recipient(), MONDAY_SEOUL_0830, HOUR, record(status)),
      ).toBeNull();
    expect(await dueDigestPeriod(recipient(), MONDAY_SEOUL_0830, HOUR, record('pending'))).toBe(
      'W2026-49',
    );
  });
});

describe('DigestScheduler (with mocked ports)', () => {
  let parties: Mocked<PartyDirectory> & PartyDirectory;
  let recipients: Mocked<DigestRecipients> & DigestRecipients;
  let digests: Mocked<DigestsRepository> & DigestsRepository;
  let queue: Mocked<JobQueue> & JobQueue;
  let sut: DigestScheduler;

  beforeEach(() => {
    parties = mockOf('PartyDirectory');
    recipients = mockOf('DigestRecipients');
    digests = mockOf('DigestsRepository');
    queue = mockOf('JobQueue');
    sut = new DigestScheduler(
      { digests: { hour: HOUR } } as AppConfig,
      parties,
      recipients,
      digests,
      queue,
      new FixedClock(MONDAY_SEOUL_0830),
    );
    queue.enqueue.mockResolvedValue(undefined);
    digests.find.mockResolvedValue(undefined);
  });

  it('queues one de-duplicated send job per recipient whose digest is due, over every page', async () => {
    const keys = [['cluster:a', 'cluster:b'], ['member:m']];
    parties.pages.mockImplementation(function* () {
      for (const page of keys) yield page.map((key) => ({ key }) as Party);
    } as unknown as PartyDirectory['pages']);
    recipients.recipientOf.mockImplementation((p) =>
      Promise.resolve(
        recipient({ key: p.key, frequency: p.key === 'cluster:b' ? 'off' : 'weekly' }),
      ),
    );
    expect(await sut.enqueueDue()).toEqual({ queued: 2 });
    expect(queue.enqueue.mock.calls).toEqual([
      [
        JobName.DigestSend,
        { recipientKey: 'cluster:a', period: 'W2026-49' },
        { dedupId: 'digest-cluster_a-W2026-49' },
      ],
      [
        JobName.DigestSend,
        { recipientKey: 'member:m', period: 'W2026-49' },
        { dedupId: 'digest-member_m-W2026-49' },
      ],
    ]);
    expect(digests.find).toHaveBeenCalledWith('cluster:a', 'W2026-49');
  });
});
