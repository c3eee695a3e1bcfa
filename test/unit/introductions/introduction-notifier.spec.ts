import { FixedClock } from '../../../src/common/clock/clock';
import { AppConfig } from '../../../src/common/config/app-config';
import { DomainError } from '../../../src/common/errors/domain-error';
import { EconomiesRepository } from '../../../src/economies/economies.repository';
import { DigestRecipients } from '../../../src/digests/digest-recipients';
import { Introduction } from '../../../src/introductions/introduction';
import { IntroductionNotifier } from '../../../src/introductions/introduction-notifier';
import { IntroductionsRepository } from '../../../src/introductions/introductions.repository';
import { JobQueue } from '../../../src/jobs/jobs';
import { translator } from '../../../src/i18n/translations';
import { Mailer } from '../../../src/mail/mailer';
import { PartyDirectory } from '../../../src/parties/party-directory';
import { Mocked, mockOf } from '../../support/mocks';

const NOW = new Date('2026-11-27T10:00:00Z');

const intro: Introduction = {
  id: 'intro-1',
  requesterKey: 'cluster:cA',
  targetKey: 'cluster:cB',
  requesterClusterId: 'cA',
  targetClusterId: 'cB',
  requesterEconomy: 'KR',
  targetEconomy: 'JP',
  suggestionId: 'sug-1',
  message: 'hello',
  status: 'pending',
  requestedBy: 'key-cA',
  createdAt: '2026-11-26T10:00:00.000Z',
  expiresAt: '2026-12-10T10:00:00.000Z',
  decidedAt: null,
  decidedBy: null,
  response: null,
  requestNotifiedAt: null,
  decisionNotifiedAt: null,
  releaseNotifiedAt: null,
};

/** The partner of `intro`, reading Japanese. */
const JAPANESE_PARTNER = {
  key: 'cluster:cB',
  name: 'B',
  email: 'b@example.org',
  frequency: 'weekly' as const,
  timezone: 'Asia/Tokyo',
  language: 'ja' as const,
  unsubscribed: false,
};

/** The request email job: a store error must fail the job (it is retried), never read as "gone". */
describe('IntroductionNotifier (the email job, with mocked ports)', () => {
  let intros: Mocked<IntroductionsRepository> & IntroductionsRepository;
  let recipients: Mocked<DigestRecipients> & DigestRecipients;
  let parties: Mocked<PartyDirectory> & PartyDirectory;
  let mailer: Mocked<Mailer> & Mailer;
  let economies: Mocked<EconomiesRepository> & EconomiesRepository;
  let sut: IntroductionNotifier;

  beforeEach(() => {
    intros = mockOf('IntroductionsRepository');
    recipients = mockOf('DigestRecipients');
    parties = mockOf('PartyDirectory');
    mailer = mockOf('Mailer');
    economies = mockOf('EconomiesRepository');
    economies.findByCode.mockResolvedValue(undefined);
    sut = new IntroductionNotifier(
      { digests: { appBaseUrl: 'https://app.example' } } as AppConfig,
      intros,
      parties,
      recipients,
      mailer,
      mockOf<JobQueue>('JobQueue'),
      new FixedClock(NOW),
      economies,
    );
    intros.findById.mockResolvedValue(intro);
    intros.markNotified.mockResolvedValue(true);
    intros.addEvent.mockResolvedValue(undefined);
    parties.find.mockResolvedValue({ key: 'cluster:cA', name: 'A', economy: 'KR' } as never);
  });

  it('fails the job when the store cannot say who the recipient is, and marks nothing sent', async () => {
    recipients.recipient.mockRejectedValue(new Error('SQLITE_BUSY: database is locked'));
    await expect(sut.notify('intro-1', 'request')).rejects.toThrow(/SQLITE_BUSY/);
    expect(intros.markNotified).not.toHaveBeenCalled();
    expect(mailer.send).not.toHaveBeenCalled();
  });

  it('records a recipient that left the platform as not sent, once', async () => {
    recipients.recipient.mockRejectedValue(
      new DomainError('DIGEST.UNKNOWN_RECIPIENT', 'not_found', 'gone'),
    );
    await expect(sut.notify('intro-1', 'request')).resolves.toBe(
      'requested to cluster:cB: not sent (recipient gone)',
    );
    expect(intros.markNotified).toHaveBeenCalledWith('intro-1', 'request', NOW.toISOString());
    expect(mailer.send).not.toHaveBeenCalled();
  });

  it('tells the partner who accepted that contacts are shared, in its language, once accepted', async () => {
    intros.findById.mockResolvedValue({ ...intro, status: 'pending' });
    await expect(sut.notify('intro-1', 'release')).resolves.toBe('not accepted');
    intros.findById.mockResolvedValue({
      ...intro,
      status: 'accepted',
      decidedAt: NOW.toISOString(),
    });
    recipients.recipient.mockResolvedValue(JAPANESE_PARTNER);
    mailer.send.mockResolvedValue(undefined as never);
    await expect(sut.notify('intro-1', 'release')).resolves.toBe('released to cluster:cB');
    expect(recipients.recipient).toHaveBeenCalledWith('cluster:cB');
    const mail = mailer.send.mock.calls[0][0] as { to: string; subject: string; html: string };
    expect(mail.to).toBe('b@example.org');
    expect(mail.subject).toBe(
      translator('ja', 'email')('introduction.released.subject', { other: 'A' }),
    );
    expect(mail.html).toContain('<html lang="ja"');
    expect(mail.html).not.toContain('a@');
    expect(intros.markNotified).toHaveBeenCalledWith('intro-1', 'release', NOW.toISOString());
    intros.findById.mockResolvedValue({
      ...intro,
      status: 'accepted',
      releaseNotifiedAt: NOW.toISOString(),
    });
    await expect(sut.notify('intro-1', 'release')).resolves.toBe('already');
  });

  it('names the other party’s economy in the reader’s language, and a guest economy by its given name', async () => {
    recipients.recipient.mockResolvedValue(JAPANESE_PARTNER);
    mailer.send.mockResolvedValue(undefined as never);
    await sut.notify('intro-1', 'request');
    const apec = mailer.send.mock.calls[0][0] as { text: string };
    expect(apec.text).toContain('韓国');
    expect(apec.text).not.toContain('(KR)');

    parties.find.mockResolvedValue({ key: 'cluster:cA', name: 'A', economy: 'AT' } as never);
    economies.findByCode.mockResolvedValue({ code: 'AT', name: 'Austria' } as never);
    intros.findById.mockResolvedValue({ ...intro, requesterEconomy: 'AT' });
    await sut.notify('intro-1', 'request');
    const guest = mailer.send.mock.calls[1][0] as { text: string };
    expect(economies.findByCode).toHaveBeenLastCalledWith('AT');
    expect(guest.text).toContain('Austria');
    expect(guest.text).not.toContain('(AT)');
  });
});
