import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { DigestSender } from '../../src/digests/digest-sender';
import { DigestsRepository } from '../../src/digests/digests.repository';
import { economyName } from '../../src/i18n/economy-names';
import { translator } from '../../src/i18n/translations';
import { dataset } from '../support/dataset';
import { TestApp, admin, startTestApp } from '../support/http';
import { settle } from '../support/settle';
import { TestSmtp, startSmtp } from '../support/smtp';

/** A header of a raw message, unfolded. */
function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return head
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))!
    .slice(name.length + 1)
    .trim();
}

describe('email digests over real SMTP', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let subject: string;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: 'https://api.pec.example',
      APP_BASE_URL: 'https://app.pec.example',
    });
    const data =
      dataset() +
      `${JSON.stringify({ type: 'cluster', externalId: 'mx-es', name: 'Clúster <Aeroespacial> de Querétaro', economy: 'MX', description: 'SiC power modules para aeronaves', sectors: ['26'], languages: ['es'], contactEmail: 'aero@queretaro.example' })}\n`;
    await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(data)
      .expect(200);
    await settle(t.app);
    subject = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('ds-KR-0'))!.id}`;
  }, 60000);
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const digests = () => t.app.get(DigestSender);

  it('sends a digest with a reason and a link per suggestion, HTML and text, and one-click unsubscribe headers', async () => {
    expect(await digests().send(subject, 'W2026-48')).toBe('sent');
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.to).toMatchObject({ text: 'ds-KR-0@cluster.example' });
    // A Korean cluster with no language set reads its economy's language.
    const entries = mail.text!.match(/^\d+\. /gm)!.length;
    const ko = translator('ko', 'email');
    expect(mail.subject).toBe(ko('digest.subject', { count: entries }));
    expect(mail.html).toMatch(/<html lang="ko"/);
    expect(mail.text).toContain(translator('ko', 'reasons')('need_meets_offer').split('‘')[0]);
    expect(mail.text).not.toMatch(/matches their offer|shared sectors|both work in/);
    expect(mail.text).toContain(economyName('JP', 'ko'));
    expect(mail.html).toMatch(/href="https:\/\/app\.pec\.example\/suggestions\/sug_[0-9a-f]+"/);
    expect(mail.text).toMatch(
      /1\. .+ \(.+\)\n {3}.+\n {3}https:\/\/app\.pec\.example\/suggestions\/sug_/,
    );
    expect(header(mail.raw, 'List-Unsubscribe')).toMatch(
      /^<https:\/\/api\.pec\.example\/v1\/unsubscribe\?recipient=cluster%3A.+&signature=[\w-]+>$/,
    );
    expect(header(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.messageId).toMatch(/^<digest-[0-9a-f]{32}@pec-match>$/);
  });

  it('never sends a period twice, and sends nothing when nothing is new', async () => {
    expect(await digests().send(subject, 'W2026-48')).toBe('sent');
    expect(smtp.messages).toHaveLength(1);
    expect(await digests().send(subject, 'W2026-49')).toBe('empty');
    expect(smtp.messages).toHaveLength(1);
    const items = (await t.http.get(`/v1/clusters/${subject.slice(8)}/suggestions`).set(admin)).body
      .items as { status: string; partner: { name: string } }[];
    const sentNames = new Set(
      smtp.messages[0]
        .text!.match(/^\d+\. (.+) \(/gm)!
        .map((l) => l.replace(/^\d+\. /, '').replace(/ \($/, '')),
    );
    for (const s of items) expect(s.status).toBe(sentNames.has(s.partner.name) ? 'seen' : 'new');
    expect(items.some((s) => s.status === 'seen')).toBe(true);
  });

  it('writes in the recipient’s language, with user text escaped; the setting wins', async () => {
    const mx = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('mx-es'))!.id}`;
    expect(await digests().send(mx, 'W2026-48')).toBe('sent');
    const mail = smtp.messages.at(-1)!;
    expect(mail.subject).toMatch(/sugerencias? de socios de PEC Match/);
    expect(mail.html).toContain(
      'Nuevas sugerencias de socios para Clúster &lt;Aeroespacial&gt; de Querétaro',
    );
    expect(mail.html).not.toContain('<Aeroespacial>');

    const th = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('ds-KR-1'))!.id}`;
    const set = await t.http
      .put(`/v1/digest-settings/${encodeURIComponent(th)}`)
      .set(admin)
      .send({ language: 'th' });
    expect(set.status).toBe(200);
    expect(set.body.language).toBe('th');
    expect(await digests().send(th, 'W2026-48')).toBe('sent');
    const thai = smtp.messages.at(-1)!;
    expect(thai.html).toMatch(/<html lang="th"/);
    expect(thai.subject).toMatch(/[\u0E00-\u0E7F]/);
    expect(thai.text).toContain(economyName('JP', 'th'));

    const refused = await t.http
      .put(`/v1/digest-settings/${encodeURIComponent(th)}`)
      .set(admin)
      .send({ language: 'fr' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('language');
  });

  it('unsubscribes in one click without logging in, from the link in the mail', async () => {
    const recipient = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('ds-JP-0'))!.id}`;
    expect(await digests().send(recipient, 'W2026-48')).toBe('sent');
    const link = new URL(
      header(smtp.messages.at(-1)!.raw, 'List-Unsubscribe').replace(/^<|>$/g, ''),
    );
    const path = `${link.pathname}${link.search}`;
    const confirm = (await t.http.get(path)).text;
    expect(confirm).toContain('<form method="post"');
    // In the recipient's language (a Japanese cluster), the name escaped.
    expect(confirm).toContain('<html lang="ja">');
    expect(confirm).toContain(translator('ja', 'email')('unsubscribe.confirmAction'));
    const done = await t.http.post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(done.status).toBe(200);
    expect(done.text).toContain(translator('ja', 'email')('unsubscribe.doneTitle'));
    expect(
      (await t.http.get(`/v1/digest-settings/${encodeURIComponent(recipient)}`).set(admin)).body,
    ).toMatchObject({ frequency: 'off', unsubscribed: true });
    expect(await digests().send(recipient, 'W2026-49')).toBe('skipped');
    const forged = path.replace(/signature=[^&]+/, 'signature=AAAA');
    expect((await t.http.post(forged)).status).toBe(403);
    expect((await t.http.get(forged)).status).toBe(403);
  });

  it('previews the next digest without sending it', async () => {
    const recipient = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('ds-CL-0'))!.id}`;
    const before = smtp.messages.length;
    const res = await t.http.get('/v1/digests/preview').query({ recipient }).set(admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      recipient: { key: recipient, frequency: 'weekly' },
      subject: expect.any(String),
      html: expect.stringContaining('<html'),
    });
    expect(res.body.entries.length).toBeGreaterThan(0);
    expect(smtp.messages).toHaveLength(before);
  });

  it('keeps a digest pending when SMTP is down and sends it once SMTP is back, once', async () => {
    const recipient = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('ds-VN-0'))!.id}`;
    await smtp.stop();
    await expect(digests().send(recipient, 'W2026-48')).rejects.toThrow();
    expect(await t.app.get(DigestsRepository).find(recipient, 'W2026-48')).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
    await smtp.start();
    const before = smtp.messages.length;
    expect(await digests().send(recipient, 'W2026-48')).toBe('sent');
    expect(await digests().send(recipient, 'W2026-48')).toBe('sent');
    expect(smtp.messages.length - before).toBe(1);
  });

  it('sends a digest once when two jobs for it run at the same time', async () => {
    const recipient = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('ds-AU-0'))!.id}`;
    const before = smtp.messages.length;
    const outcomes = await Promise.all(
      [1, 2, 3].map(() =>
        digests()
          .send(recipient, 'W2026-48')
          .catch((e: Error) => e.message),
      ),
    );
    expect(outcomes.filter((o) => o === 'sent').length).toBeGreaterThanOrEqual(1);
    for (const o of outcomes) expect(o).toMatch(/^sent$|is being sent by another job/);
    expect(await digests().send(recipient, 'W2026-48')).toBe('sent');
    expect(smtp.messages.length - before).toBe(1);
    expect(await t.app.get(DigestsRepository).find(recipient, 'W2026-48')).toMatchObject({
      status: 'sent',
      attempts: 0,
    });
  });

  it('lets a recipient choose its frequency, time zone and language', async () => {
    const recipient = `cluster:${(await t.app.get(ClustersRepository).findByExternalId('ds-MX-0'))!.id}`;
    const saved = await t.http
      .put(`/v1/digest-settings/${encodeURIComponent(recipient)}`)
      .set(admin)
      .send({ frequency: 'daily', timezone: 'America/Mexico_City', language: 'es' });
    expect(saved.body).toMatchObject({
      frequency: 'daily',
      timezone: 'America/Mexico_City',
      language: 'es',
    });
    expect(
      (
        await t.http
          .put(`/v1/digest-settings/${encodeURIComponent(recipient)}`)
          .set(admin)
          .send({ timezone: 'Mars/Olympus' })
      ).body.errors[0].field,
    ).toBe('timezone');
    expect(
      (
        await t.http
          .put(`/v1/digest-settings/${encodeURIComponent(recipient)}`)
          .set(admin)
          .send({ frequency: 'hourly' })
      ).body.errors[0].field,
    ).toBe('frequency');
  });
});
