import { FixedClock } from '../../src/common/clock/clock';
import { TestApp, admin, bearer, clusterBody, startTestApp } from '../support/http';
import { outboxMails } from '../support/outbox';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

/**
 * Browser sessions: a one-time email link for contacts (read from the outbox, as on the embedded
 * default), an API key exchanged for a session, the cookie's rules, CSRF, choosing a party,
 * signing out and revocation.
 */
describe('sessions: email links, key exchange, cookies and CSRF', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-12-03T09:00:00Z'));
  let clusterA: Json;
  let clusterB: Json;
  let sharedMember: Json;

  const mails = () => outboxMails(t.dataDir);
  /** Waits for the n-th email (sent after the 202) and returns the link's token. */
  const linkToken = async (n: number): Promise<string> => {
    for (let i = 0; i < 100 && mails().length < n; i++) await new Promise((r) => setTimeout(r, 20));
    const mail = mails()[n - 1];
    expect(mail).toBeDefined();
    const qp = /token=([\w-]+)/.exec(mail);
    return qp![1];
  };
  const cookiesOf = (res: { headers: Record<string, unknown> }) =>
    (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const cookieHeader = (set: string[]) => set.map((c) => c.split(';')[0]).join('; ');
  const signInByLink = async (email: string, n: number) => {
    await t.http.post('/v1/auth/email-link').send({ email }).expect(202);
    const res = await t.http.get('/v1/auth/callback').query({ token: await linkToken(n) });
    expect(res.status).toBe(303);
    const cookie = cookieHeader(cookiesOf(res));
    const session = (await t.http.get('/v1/auth/session').set('Cookie', cookie).expect(200)).body;
    return { res, cookie, session };
  };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    clusterA = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ name: 'A', contactEmail: 'Office@A.example' }))
        .expect(201)
    ).body;
    clusterB = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ name: 'B', economy: 'JP', contactEmail: 'shared@x.example' }))
        .expect(201)
    ).body;
    sharedMember = (
      await t.http
        .post('/v1/members')
        .set(admin)
        .send({
          clusterId: clusterA.id,
          name: 'Shared SME',
          kind: 'sme',
          description: 'SiC devices',
          sectors: ['2610'],
          contactEmail: 'shared@x.example',
        })
        .expect(201)
    ).body;
  });
  afterAll(() => t.close());

  it('answers 202 for any address and mails a link only to a contact address', async () => {
    const unknown = await t.http.post('/v1/auth/email-link').send({ email: 'nobody@else.example' });
    expect(unknown.status).toBe(202);
    await new Promise((r) => setTimeout(r, 100));
    expect(mails()).toHaveLength(0);
    const bad = await t.http.post('/v1/auth/email-link').send({ email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('email');
    const offSite = await t.http
      .post('/v1/auth/email-link')
      .send({ email: 'office@a.example', returnTo: '//evil.example/' });
    expect(offSite.status).toBe(400);
    expect(JSON.stringify(offSite.body)).toContain('returnTo');
  });

  it('signs a contact in with the link once: HttpOnly Lax session cookie, readable CSRF cookie, redirect to returnTo', async () => {
    await t.http
      .post('/v1/auth/email-link')
      .send({ email: 'office@a.example', returnTo: '/suggestions/abc' })
      .expect(202);
    const token = await linkToken(1);
    expect(mails()[0]).toMatch(/To: office@a\.example/i);
    const res = await t.http.get('/v1/auth/callback').query({ token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/suggestions/abc');
    const set = cookiesOf(res);
    const session = set.find((c) => c.startsWith('pec_session='))!;
    const csrf = set.find((c) => c.startsWith('pec_csrf='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Expires=/);
    expect(session).not.toMatch(/Secure/); // plain http here; https (or a trusted proxy's) sets it
    expect(csrf).not.toMatch(/HttpOnly/);

    const cookie = cookieHeader(set);
    const me = (await t.http.get('/v1/auth/session').set('Cookie', cookie).expect(200)).body;
    expect(me).toMatchObject({
      kind: 'email',
      role: 'cluster_manager',
      partyKey: `cluster:${clusterA.id}`,
      email: 'office@a.example',
    });
    expect(csrf).toContain(`pec_csrf=${me.csrfToken}`);
    // The same authorization as a key of that role and scope: its own cluster, not another's.
    await t.http.get(`/v1/clusters/${clusterA.id}`).set('Cookie', cookie).expect(200);
    const other = await t.http
      .patch(`/v1/clusters/${clusterB.id}`)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', me.csrfToken)
      .send({ region: 'x' });
    expect(other.status).toBe(403);

    // Used once: the same link again goes to sign-in with an error, and sets nothing.
    const again = await t.http.get('/v1/auth/callback').query({ token });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/sign-in?error=link-invalid');
    expect(cookiesOf(again)).toEqual([]);
  });

  it('refuses a write with the cookie but without the CSRF header (403), and takes it with the header; bearer needs none', async () => {
    const { cookie, session } = await signInByLink('office@a.example', 2);
    const patch = { region: 'Suwon' };
    const without = await t.http
      .patch(`/v1/clusters/${clusterA.id}`)
      .set('Cookie', cookie)
      .send(patch);
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('AUTH.CSRF');
    const wrong = await t.http
      .patch(`/v1/clusters/${clusterA.id}`)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', 'x'.repeat(43))
      .send(patch);
    expect(wrong.status).toBe(403);
    const ok = await t.http
      .patch(`/v1/clusters/${clusterA.id}`)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send(patch);
    expect(ok.status).toBe(200);
    expect(ok.body.region).toBe('Suwon');
    await t.http
      .patch(`/v1/clusters/${clusterA.id}`)
      .set(admin)
      .send({ region: 'Gyeonggi' })
      .expect(200);
  });

  it('lets a contact of several parties choose one, and nothing else until then', async () => {
    const { res, cookie, session } = await signInByLink('shared@x.example', 3);
    expect(res.headers.location).toBe('/choose-party');
    expect(session.role).toBeNull();
    expect((session.choices as { partyKey: string }[]).map((c) => c.partyKey).sort()).toEqual(
      [`cluster:${clusterB.id}`, `member:${sharedMember.id}`].sort(),
    );
    const early = await t.http.get('/v1/clusters').set('Cookie', cookie);
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('AUTH.PARTY_NOT_CHOSEN');
    const notMine = await t.http
      .post('/v1/auth/session/party')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ partyKey: `cluster:${clusterA.id}` });
    expect(notMine.status).toBe(400);
    expect(JSON.stringify(notMine.body)).toContain('partyKey');
    const chosen = await t.http
      .post('/v1/auth/session/party')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ partyKey: `member:${sharedMember.id}` })
      .expect(200);
    expect(chosen.body).toMatchObject({ role: 'member', partyKey: `member:${sharedMember.id}` });
    await t.http.get(`/v1/members/${sharedMember.id}`).set('Cookie', cookie).expect(200);
    const twice = await t.http
      .post('/v1/auth/session/party')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ partyKey: `cluster:${clusterB.id}` });
    expect(twice.status).toBe(409);
  });

  it('refuses a link older than 15 minutes', async () => {
    await t.http.post('/v1/auth/email-link').send({ email: 'office@a.example' }).expect(202);
    const token = await linkToken(4);
    clock.set(new Date(clock.now().getTime() + 16 * 60 * 1000));
    const late = await t.http.get('/v1/auth/callback').query({ token });
    expect(late.headers.location).toBe('/sign-in?error=link-invalid');
    expect(cookiesOf(late)).toEqual([]);
  });

  it('sends at most 5 links per address in 15 minutes, still answering 202', async () => {
    clock.set(new Date(clock.now().getTime() + 60 * 60 * 1000));
    const before = mails().length;
    for (let i = 0; i < 7; i++)
      await t.http.post('/v1/auth/email-link').send({ email: 'office@a.example' }).expect(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(mails().length - before).toBe(5);
  });

  it('exchanges an API key for a session the browser holds instead of the key; signing out ends it everywhere', async () => {
    const bad = await t.http.post('/v1/auth/session').send({ apiKey: 'pec_nope' });
    expect(bad.status).toBe(401);
    const res = await t.http
      .post('/v1/auth/session')
      .send({ apiKey: 'test-admin-token-0123456789abcdef' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'key', role: 'operator' });
    expect(JSON.stringify(res.body)).not.toContain('test-admin-token');
    const cookie = cookieHeader(cookiesOf(res));
    await t.http.get('/v1/admin/status').set('Cookie', cookie).expect(200);

    const noCsrf = await t.http.delete('/v1/auth/session').set('Cookie', cookie);
    expect(noCsrf.status).toBe(403);
    const out = await t.http
      .delete('/v1/auth/session')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', res.body.csrfToken);
    expect(out.status).toBe(204);
    expect(cookiesOf(out).join(';')).toMatch(/pec_session=;/);
    const after = await t.http.get('/v1/admin/status').set('Cookie', cookie);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH.SESSION_INVALID');
  });

  it('ends the sessions of a revoked or rotated key, and expires sessions after SESSION_TTL_HOURS', async () => {
    const key = (
      await t.http
        .post('/v1/api-keys')
        .set(admin)
        .send({ role: 'cluster_manager', label: 'A', clusterIds: [clusterA.id] })
        .expect(201)
    ).body;
    const open = async () =>
      cookieHeader(
        cookiesOf(await t.http.post('/v1/auth/session').send({ apiKey: key.token }).expect(201)),
      );
    const first = await open();
    await t.http.get(`/v1/clusters/${clusterA.id}`).set('Cookie', first).expect(200);
    await t.http.post(`/v1/api-keys/${key.id}/rotate`).set(admin).expect(201);
    expect((await t.http.get(`/v1/clusters/${clusterA.id}`).set('Cookie', first)).status).toBe(401);

    const other = (
      await t.http
        .post('/v1/api-keys')
        .set(admin)
        .send({ role: 'cluster_manager', label: 'A2', clusterIds: [clusterA.id] })
        .expect(201)
    ).body;
    const third = cookieHeader(
      cookiesOf(await t.http.post('/v1/auth/session').send({ apiKey: other.token }).expect(201)),
    );
    await t.http.get(`/v1/clusters/${clusterA.id}`).set('Cookie', third).expect(200);
    await t.http.delete(`/v1/api-keys/${other.id}`).set(admin).expect(204);
    expect((await t.http.get(`/v1/clusters/${clusterA.id}`).set('Cookie', third)).status).toBe(401);

    const fresh = cookieHeader(
      cookiesOf(
        await t.http.post('/v1/auth/session').send({ apiKey: 'test-admin-token-0123456789abcdef' }),
      ),
    );
    await t.http.get('/v1/admin/status').set('Cookie', fresh).expect(200);
    clock.set(new Date(clock.now().getTime() + 12 * 3600 * 1000 + 1000));
    expect((await t.http.get('/v1/admin/status').set('Cookie', fresh)).status).toBe(401);
  });

  it('answers the session routes only for a browser session', async () => {
    const res = await t.http
      .get('/v1/auth/session')
      .set(bearer('test-admin-token-0123456789abcdef'));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.NO_SESSION');
  });
});
