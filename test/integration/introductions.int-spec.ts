import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { FixedClock } from '../../src/common/clock/clock';
import { IntroductionNotifier } from '../../src/introductions/introduction-notifier';
import { MembersRepository } from '../../src/members/members.repository';
import { PartyDirectory } from '../../src/parties/party-directory';
import { SuggestionsRepository } from '../../src/suggestions/suggestions.repository';
import { Locale } from '../../src/i18n/locales';
import { translator } from '../../src/i18n/translations';
import { dataset } from '../support/dataset';
import { TestApp, admin, bearer, startTestApp, importNdjson } from '../support/http';
import { waitFor } from '../support/processes';
import { settle } from '../support/settle';
import { TestSmtp, startSmtp } from '../support/smtp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted field by field
type Json = any;
type Headers = Record<string, string>;

interface SuggestionBody {
  id: string;
  partner: { type: 'cluster' | 'member'; id: string; clusterId: string; name: string };
}

/**
 * Introductions end to end over the API and real SMTP: double opt-in, contact details released
 * only after both agreed, emails at each step, duplicates and limits refused, expiry, audit trail,
 * operators' statistics.
 */
describe('introductions with double opt-in', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-11-27T09:00:00.000Z'));
  const keys = new Map<string, Headers>();

  const clusterId = async (externalId: string) =>
    (await t.app.get(ClustersRepository).findByExternalId(externalId))!.id;
  /** A cluster manager key for a cluster (by external id), made once. */
  const managerOf = async (externalId: string): Promise<Headers> => {
    if (!keys.has(externalId)) {
      const res = await t.http
        .post('/v1/api-keys')
        .set(admin)
        .send({
          role: 'cluster_manager',
          label: `${externalId} office`,
          clusterIds: [await clusterId(externalId)],
        });
      expect(res.status).toBe(201);
      keys.set(externalId, bearer(res.body.token as string));
    }
    return keys.get(externalId)!;
  };
  /** The cluster's suggestions of cluster partners. */
  const clusterSuggestions = async (externalId: string): Promise<SuggestionBody[]> => {
    const res = await t.http
      .get(`/v1/clusters/${await clusterId(externalId)}/suggestions`)
      .set(await managerOf(externalId));
    expect(res.status).toBe(200);
    return (res.body.items as SuggestionBody[]).filter((s) => s.partner.type === 'cluster');
  };
  const externalIdOf = async (id: string) =>
    (await t.app.get(ClustersRepository).findById(id))!.externalId!;
  /** The dataset's contact address of a suggested partner. */
  const emailOf = async (partner: SuggestionBody['partner']) =>
    partner.type === 'cluster'
      ? `${await externalIdOf(partner.id)}@cluster.example`
      : `${(await t.app.get(MembersRepository).findById(partner.id))!.externalId}@member.example`;
  const mailsTo = (address: string) =>
    smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address));
  /** The subject an introduction email has in its recipient's language (their economy's). */
  const subjectFor = async (partyKey: string, notice: string, other: string) => {
    const settings = await t.http
      .get(`/v1/digest-settings/${encodeURIComponent(partyKey)}`)
      .set(admin);
    return translator(settings.body.language as Locale, 'email')(`introduction.${notice}.subject`, {
      other,
    });
  };
  const nameOf = async (partyKey: string) => (await t.app.get(PartyDirectory).find(partyKey))!.name;
  const ask = async (from: string, suggestion: SuggestionBody, message = 'Can we talk?') =>
    t.http
      .post('/v1/introductions')
      .set(await managerOf(from))
      .send({ suggestionId: suggestion.id, message });

  /** A member (by external id), a member key for it, and its first suggestion. */
  const memberWithSuggestion = async (externalId: string) => {
    const member = (await t.app.get(MembersRepository).findByExternalId(externalId))!;
    const res = await t.http
      .post('/v1/api-keys')
      .set(admin)
      .send({ role: 'member', label: `${externalId} key`, memberId: member.id });
    const memberKey = bearer(res.body.token as string);
    const list = await t.http.get(`/v1/members/${member.id}/suggestions`).set(memberKey);
    return { member, memberKey, s: (list.body.items as SuggestionBody[])[0] };
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(
      {
        SMTP_URL: smtp.url,
        APP_BASE_URL: 'https://app.pec.example',
        JOBS_PROCESSORS: 'on',
        JOBS_BACKOFF_MS: '100',
        INTRO_DAILY_LIMIT: '3',
        INTRO_TTL_DAYS: '14',
      },
      { clock },
    );
    await importNdjson(t, dataset(2, 1));
    await settle(t.app);
  }, 60000);
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('releases contact details only after the partner accepts, never in lists or emails', async () => {
    const [s] = await clusterSuggestions('ds-KR-0');
    const target = await externalIdOf(s.partner.id);
    const requesterEmail = 'ds-KR-0@cluster.example';
    const targetEmail = `${target}@cluster.example`;

    const asked = await ask('ds-KR-0', s, 'We build <SiC> pilot lines & would like to talk');
    expect(asked.status).toBe(201);
    const intro = asked.body;
    expect(intro).toMatchObject({
      status: 'pending',
      yourSide: 'requester',
      requester: { key: `cluster:${await clusterId('ds-KR-0')}` },
      target: { key: `cluster:${s.partner.id}` },
    });
    expect(intro.contacts).toBeUndefined();
    expect(JSON.stringify(intro)).not.toContain(targetEmail);

    // The partner is told, with the (escaped) message and the deadline, and no contact details.
    const [request] = await waitFor(
      () => {
        const m = mailsTo(targetEmail);
        return m.length ? m : undefined;
      },
      20000,
      'the request email',
    );
    const requesterName = (await t.app.get(ClustersRepository).findByExternalId('ds-KR-0'))!.name;
    expect(request.subject).toBe(
      await subjectFor(`cluster:${s.partner.id}`, 'requested', requesterName),
    );
    expect(request.html).toContain('We build &lt;SiC&gt; pilot lines &amp; would like to talk');
    expect(request.html).not.toContain('<SiC>');
    expect(request.text).toContain(`https://app.pec.example/introductions/${intro.id}`);
    expect(request.raw).not.toContain(requesterEmail);

    // Before the answer: no contacts for anyone, anywhere.
    const targetKey = await managerOf(target);
    for (const key of [await managerOf('ds-KR-0'), targetKey]) {
      const one = await t.http.get(`/v1/introductions/${intro.id}`).set(key);
      expect(one.status).toBe(200);
      expect(one.body.contacts).toBeUndefined();
      const list = await t.http.get('/v1/introductions').set(key);
      expect(JSON.stringify(list.body)).not.toMatch(/@cluster\.example/);
    }
    const received = await t.http
      .get('/v1/introductions')
      .query({ direction: 'received', status: 'pending' })
      .set(targetKey);
    expect(received.body.items.map((i: Json) => i.id as string)).toEqual([intro.id]);
    expect(received.body.items[0].yourSide).toBe('target');

    // Only the partner decides: not the requester, not an operator, not a stranger.
    const accept = (key: Headers) =>
      t.http.post(`/v1/introductions/${intro.id}/accept`).set(key).send({});
    expect((await accept(await managerOf('ds-KR-0'))).body.code).toBe(
      'INTRODUCTION.NOT_YOUR_DECISION',
    );
    expect((await accept(admin)).status).toBe(403);
    expect((await accept(await managerOf('ds-VN-1'))).status).toBe(404);

    const accepted = await accept(targetKey);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    // Both consented: they have worked together now, as the collaboration graph sees it.
    const together = await t.http
      .get('/v1/collaborations')
      .query({ party: intro.requester.key })
      .set(admin);
    expect(together.body.items).toEqual([
      expect.objectContaining({
        source: 'introduction',
        introductionId: intro.id,
        parties: [intro.requester.key, intro.target.key].sort(),
      }),
    ]);
    expect(accepted.body.contacts).toMatchObject({
      requester: { contactEmail: requesterEmail },
      target: { contactEmail: targetEmail },
    });
    const seen = await t.http.get(`/v1/introductions/${intro.id}`).set(await managerOf('ds-KR-0'));
    expect(seen.body.contacts.target.contactEmail).toBe(targetEmail);
    const list = await t.http.get('/v1/introductions').set(await managerOf('ds-KR-0'));
    expect(JSON.stringify(list.body)).not.toMatch(/@cluster\.example/);

    const [done] = await waitFor(
      () => {
        const m = mailsTo(requesterEmail);
        return m.length ? m : undefined;
      },
      20000,
      'the acceptance email',
    );
    expect(done.subject).toBe(await subjectFor(intro.requester.key, 'accepted', s.partner.name));
    expect(done.raw).not.toContain(targetEmail);
    // The partner who accepted hears that contact details are now shared, and not whose.
    const releasedSubject = await subjectFor(intro.target.key, 'released', requesterName);
    const released = await waitFor(
      () => mailsTo(targetEmail).find((m) => m.subject === releasedSubject),
      20000,
      'the contact-release email',
    );
    expect(released.raw).not.toContain(requesterEmail);

    expect((await accept(targetKey)).body.code).toBe('INTRODUCTION.ALREADY_DECIDED');
    const events = await t.http
      .get(`/v1/introductions/${intro.id}/events`)
      .set(await managerOf('ds-KR-0'));
    await waitFor(
      async () => {
        const e = await t.http
          .get(`/v1/introductions/${intro.id}/events`)
          .set(await managerOf('ds-KR-0'));
        return e.body.items.length === 5 ? true : undefined;
      },
      20000,
      'the three notifications in the trail',
    );
    expect(events.status).toBe(200);
    const trail = (
      await t.http.get(`/v1/introductions/${intro.id}/events`).set(targetKey)
    ).body.items.map((e: Json) => `${e.type}${e.detail ? `: ${e.detail}` : ''}`);
    expect(trail.slice(0, 3)).toEqual([
      'requested',
      `notified: requested to cluster:${s.partner.id}`,
      'accepted',
    ]);
    expect(trail.slice(3).sort()).toEqual(
      [
        `notified: accepted to cluster:${await clusterId('ds-KR-0')}`,
        `notified: released to cluster:${s.partner.id}`,
      ].sort(),
    );
  });

  it('refuses duplicates, a reverse request while one is open, and asking again soon after a decline', async () => {
    const [s] = await clusterSuggestions('ds-JP-0');
    const target = await externalIdOf(s.partner.id);
    const first = await ask('ds-JP-0', s);
    expect(first.status).toBe(201);
    const again = await ask('ds-JP-0', s);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INTRODUCTION.DUPLICATE');

    const back = (await clusterSuggestions(target)).find(
      (x) => x.partner.id === first.body.requester.key.slice(8),
    );
    if (back) {
      const reverse = await ask(target, back);
      expect(reverse.status).toBe(409);
      expect(reverse.body.detail).toMatch(/accept it instead/);
    }

    const declined = await t.http
      .post(`/v1/introductions/${first.body.id}/decline`)
      .set(await managerOf(target))
      .send({ note: 'Not working on <this> right now' });
    expect(declined.status).toBe(200);
    expect(declined.body.contacts).toBeUndefined();
    const declinedSubject = await subjectFor(
      first.body.requester.key as string,
      'declined',
      await nameOf(first.body.target.key as string),
    );
    const mail = await waitFor(
      () => mailsTo('ds-JP-0@cluster.example').find((m) => m.subject === declinedSubject),
      20000,
      'the decline email',
    );
    expect(mail.html).toContain('Not working on &lt;this&gt; right now');
    expect(mail.raw).not.toContain(`${target}@cluster.example`);
    const retry = await ask('ds-JP-0', s);
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('INTRODUCTION.DECLINED_RECENTLY');
  });

  it('lets a member ask for itself; its cluster’s manager may withdraw it, the partner is told', async () => {
    const { member, memberKey, s } = await memberWithSuggestion('ds-CL-0-m0');
    const asked = await t.http
      .post('/v1/introductions')
      .set(memberKey)
      .send({ suggestionId: s.id, message: 'Hello from Chile' });
    expect(asked.status).toBe(201);
    expect(asked.body.requester.key).toBe(`member:${member.id}`);
    // Another cluster's manager cannot ask on this member's behalf.
    const foreign = await t.http
      .post('/v1/introductions')
      .set(await managerOf('ds-AU-0'))
      .send({ suggestionId: s.id, message: 'x' });
    expect(foreign.body.code).toBe('INTRODUCTION.NOT_YOUR_SUGGESTION');

    const withdrawn = await t.http
      .post(`/v1/introductions/${asked.body.id}/withdraw`)
      .set(await managerOf('ds-CL-0'))
      .send({});
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const targetEmail = await emailOf(s.partner);
    const withdrawnSubject = await subjectFor(
      asked.body.target.key as string,
      'withdrawn',
      member.name,
    );
    await waitFor(
      () => mailsTo(targetEmail).find((m) => m.subject === withdrawnSubject),
      20000,
      'the withdrawal email',
    );
  });

  it('expires an unanswered request at its deadline and tells the requester', async () => {
    // The first partner nobody has asked MX-0 about yet.
    let s!: SuggestionBody;
    let asked!: Awaited<ReturnType<typeof ask>>;
    for (s of await clusterSuggestions('ds-MX-0')) {
      asked = await ask('ds-MX-0', s);
      if (asked.status !== 409) break;
    }
    expect(asked.status).toBe(201);
    clock.set(new Date(Date.parse(asked.body.expiresAt as string) + 60_000));
    try {
      const target = await managerOf(await externalIdOf(s.partner.id));
      const one = await t.http.get(`/v1/introductions/${asked.body.id}`).set(target);
      expect(one.body.status).toBe('expired');
      const late = await t.http
        .post(`/v1/introductions/${asked.body.id}/accept`)
        .set(target)
        .send({});
      expect(late.status).toBe(409);
      expect(late.body.detail).toMatch(/expired/);
      expect(await t.app.get(IntroductionNotifier).sweep()).toMatchObject({ expired: 1 });
      const expiredSubject = await subjectFor(
        asked.body.requester.key as string,
        'expired',
        await nameOf(asked.body.target.key as string),
      );
      await waitFor(
        () => mailsTo('ds-MX-0@cluster.example').find((m) => m.subject === expiredSubject),
        20000,
        'the expiry email',
      );
      const trail = await t.http
        .get(`/v1/introductions/${asked.body.id}/events`)
        .set(await managerOf('ds-MX-0'));
      expect(trail.body.items.map((e: Json) => e.type as string)).toContain('expired');
    } finally {
      clock.set(new Date('2026-11-27T09:00:00.000Z'));
    }
  });

  it('limits how many introductions a party asks for in 24 hours, saying when it may again', async () => {
    const suggestions = await clusterSuggestions('ds-VN-0');
    expect(suggestions.length).toBeGreaterThanOrEqual(4);
    for (const s of suggestions.slice(0, 3)) expect((await ask('ds-VN-0', s)).status).toBe(201);
    const over = await ask('ds-VN-0', suggestions[3]);
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('INTRODUCTION.DAILY_LIMIT');
    expect(Number(over.headers['retry-after'])).toBe(24 * 3600);
    clock.set(new Date('2026-11-28T09:00:01.000Z'));
    try {
      expect((await ask('ds-VN-0', suggestions[3])).status).toBe(201);
    } finally {
      clock.set(new Date('2026-11-27T09:00:00.000Z'));
    }
  });

  it('gives operators counts by economy pair and acceptance rates, and nobody else', async () => {
    const stats = await t.http.get('/v1/admin/introductions/stats').set(admin);
    expect(stats.status).toBe(200);
    expect(stats.body.totals).toMatchObject({ accepted: 1, declined: 1, expired: 1, withdrawn: 1 });
    expect(stats.body.totals.requested).toBe(
      stats.body.pairs.reduce((n: number, p: Json) => n + (p.requested as number), 0),
    );
    expect(stats.body.totals.acceptanceRate).toBeCloseTo(1 / 3, 3);
    const kr = stats.body.pairs.find((p: Json) => p.requesterEconomy === 'KR');
    expect(kr).toMatchObject({ accepted: 1, acceptanceRate: 1 });
    expect(
      (await t.http.get('/v1/admin/introductions/stats').set(await managerOf('ds-KR-0'))).status,
    ).toBe(403);
  });

  it("draws operators' collaboration map: suggestions, requests and acceptances between economies, by area", async () => {
    // What every stored list says, read list by list (not by the map's own aggregation).
    const expected = async (area?: string) => {
      const cells = new Map<string, number>();
      for await (const page of t.app.get(PartyDirectory).pages())
        for (const party of page)
          for (const s of await t.app
            .get(SuggestionsRepository)
            .list(party.key, area ? { area } : {}, { limit: 1000 })) {
            const key = `${party.economy}>${s.partnerEconomy}`;
            cells.set(key, (cells.get(key) ?? 0) + 1);
          }
      return Object.fromEntries([...cells].sort());
    };
    interface Cell {
      from: string;
      to: string;
      suggestions: number;
    }
    const suggestionsOf = (body: { cells: Cell[] }) =>
      Object.fromEntries(
        body.cells
          .filter((c) => c.suggestions > 0)
          .map((c): [string, number] => [`${c.from}>${c.to}`, c.suggestions])
          .sort(),
      );

    const map = await t.http.get('/v1/admin/collaboration-map').set(admin);
    expect(map.status).toBe(200);
    expect(suggestionsOf(map.body)).toEqual(await expected());
    expect(map.body.totals.suggestions).toBeGreaterThan(0);
    const stats = (await t.http.get('/v1/admin/introductions/stats').set(admin)).body;
    const { suggestions: _, ...tallies } = map.body.totals;
    expect(tallies).toEqual(stats.totals);
    for (const pair of stats.pairs as Json[])
      expect(
        (map.body.cells as Json[]).find(
          (c) => c.from === pair.requesterEconomy && c.to === pair.targetEconomy,
        ),
      ).toMatchObject({ requested: pair.requested, accepted: pair.accepted });
    const cells = map.body.cells as Cell[];
    expect(map.body.economies).toEqual([...new Set(cells.flatMap((c) => [c.from, c.to]))].sort());

    const rd = await t.http.get('/v1/admin/collaboration-map?area=joint_rd').set(admin);
    expect(rd.status).toBe(200);
    expect(rd.body.area).toBe('joint_rd');
    expect(suggestionsOf(rd.body)).toEqual(await expected('joint_rd'));
    expect(rd.body.totals.suggestions).toBeLessThan(map.body.totals.suggestions);
    expect(rd.body.totals.requested).toBeLessThanOrEqual(map.body.totals.requested);

    const bad = await t.http.get('/v1/admin/collaboration-map?area=everything').set(admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('area');
    expect(
      (await t.http.get('/v1/admin/collaboration-map').set(await managerOf('ds-KR-0'))).status,
    ).toBe(403);
  });

  it('follows a member the registry moves: its new cluster answers for it, the old one no longer sees it', async () => {
    const { member, memberKey, s } = await memberWithSuggestion('ds-CL-1-m0');
    const asked = await t.http
      .post('/v1/introductions')
      .set(memberKey)
      .send({ suggestionId: s.id, message: 'Hello again' });
    expect(asked.status).toBe(201);
    const oldManager = await managerOf('ds-CL-1');
    const newManager = await managerOf('ds-CL-0');
    expect((await t.http.get(`/v1/introductions/${asked.body.id}`).set(oldManager)).status).toBe(
      200,
    );
    expect((await t.http.get(`/v1/introductions/${asked.body.id}`).set(newManager)).status).toBe(
      404,
    );

    await importNdjson(
      t,
      JSON.stringify({
        type: 'member',
        externalId: 'ds-CL-1-m0',
        clusterExternalId: 'ds-CL-0',
        name: member.name,
        kind: member.kind,
        description: member.description,
        sectors: member.sectors,
      }),
    );
    expect((await t.http.get(`/v1/introductions/${asked.body.id}`).set(oldManager)).status).toBe(
      404,
    );
    const mine = await t.http.get(`/v1/introductions/${asked.body.id}`).set(newManager);
    expect(mine.status).toBe(200);
    const ids = async (key: Headers): Promise<string[]> =>
      ((await t.http.get('/v1/introductions').set(key)).body.items as Json[]).map(
        (i) => i.id as string,
      );
    expect(await ids(oldManager)).not.toContain(asked.body.id);
    expect(await ids(newManager)).toContain(asked.body.id);
    // The new cluster's manager may withdraw it; the old one may not.
    expect(
      (await t.http.post(`/v1/introductions/${asked.body.id}/withdraw`).set(oldManager).send({}))
        .status,
    ).toBe(404);
    expect(
      (await t.http.post(`/v1/introductions/${asked.body.id}/withdraw`).set(newManager).send({}))
        .status,
    ).toBe(200);
  });

  it('retries an email SMTP refused, and sends it once when SMTP is back', async () => {
    await smtp.stop();
    let s!: SuggestionBody;
    let asked!: Awaited<ReturnType<typeof ask>>;
    for (s of await clusterSuggestions('ds-AU-0')) {
      asked = await ask('ds-AU-0', s);
      if (asked.status !== 409) break;
    }
    expect(asked.status).toBe(201);
    const to = await emailOf(s.partner);
    const before = mailsTo(to).length;
    await new Promise((r) => setTimeout(r, 400));
    await smtp.start();
    await waitFor(
      () => (mailsTo(to).length > before ? true : undefined),
      20000,
      'the retried email',
    );
    await t.app.get(IntroductionNotifier).sweep();
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo(to).length - before).toBe(1);
  });

  it('answers bad input with 400 naming the field', async () => {
    const key = await managerOf('ds-AU-1');
    const missing = await t.http.post('/v1/introductions').set(key).send({ suggestionId: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: Json) => e.field as string)).toEqual(['message']);
    const long = await t.http
      .post('/v1/introductions')
      .set(key)
      .send({ suggestionId: 'x', message: 'a'.repeat(1001) });
    expect(long.body.errors[0].field).toBe('message');
    const unknown = await t.http
      .post('/v1/introductions')
      .set(key)
      .send({ suggestionId: 'x', message: 'hi', contactEmail: 'me@x.example' });
    expect(unknown.status).toBe(400);
    const none = await t.http
      .post('/v1/introductions')
      .set(key)
      .send({ suggestionId: 'sug_does_not_exist', message: 'hi' });
    expect(none.status).toBe(404);
    const badStatus = await t.http.get('/v1/introductions').query({ status: 'maybe' }).set(key);
    expect(badStatus.body.errors[0].field).toBe('status');
  });
});
