import { TestApp, admin, bearer, clusterBody, startTestApp } from '../support/http';

describe('API keys, roles and scopes', () => {
  let t: TestApp;
  let clusterA: { id: string };
  let clusterB: { id: string };
  let memberA: { id: string };
  let memberA2: { id: string };
  let managerA: Record<string, string>;
  let managerB: Record<string, string>;
  let memberKey: Record<string, string>;

  const newKey = async (body: object) => {
    const res = await t.http.post('/v1/api-keys').set(admin).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; token: string };
  };

  beforeAll(async () => {
    t = await startTestApp();
    clusterA = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ name: 'A' }))
    ).body;
    clusterB = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ name: 'B', economy: 'JP', contactEmail: 'b@b.example' }))
    ).body;
    const member = (name: string) => ({
      clusterId: clusterA.id,
      name,
      kind: 'sme',
      description: 'SiC devices',
      sectors: ['2610'],
      contactEmail: `${name}@m.example`,
      contactName: name,
    });
    memberA = (await t.http.post('/v1/members').set(admin).send(member('m1'))).body;
    memberA2 = (await t.http.post('/v1/members').set(admin).send(member('m2'))).body;
    managerA = bearer(
      (await newKey({ role: 'cluster_manager', label: 'A office', clusterIds: [clusterA.id] }))
        .token,
    );
    managerB = bearer(
      (await newKey({ role: 'cluster_manager', label: 'B office', clusterIds: [clusterB.id] }))
        .token,
    );
    memberKey = bearer((await newKey({ role: 'member', label: 'm1', memberId: memberA.id })).token);
  });
  afterAll(() => t.close());

  it('answers 401 without a key, with a malformed header and with an unknown key', async () => {
    const none = await t.http.get('/v1/clusters');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body.code).toBe('AUTH.MISSING_KEY');
    expect((await t.http.get('/v1/clusters').set('Authorization', 'Basic abc')).body.code).toBe(
      'AUTH.MALFORMED',
    );
    expect((await t.http.get('/v1/clusters').set(bearer('pec_not-a-key'))).body.code).toBe(
      'AUTH.INVALID_KEY',
    );
  });

  it('lets a cluster manager change its own cluster but not another one (403)', async () => {
    expect(
      (await t.http.patch(`/v1/clusters/${clusterA.id}`).set(managerA).send({ memberCount: 9 }))
        .status,
    ).toBe(200);
    const other = await t.http
      .patch(`/v1/clusters/${clusterB.id}`)
      .set(managerA)
      .send({ memberCount: 9 });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('CLUSTER.FORBIDDEN');
    expect((await t.http.get(`/v1/clusters/${clusterB.id}`).set(admin)).body.memberCount).toBe(120);
  });

  it('keeps creating and deleting clusters, keys, economies and imports to operators', async () => {
    expect((await t.http.post('/v1/clusters').set(managerA).send(clusterBody())).status).toBe(403);
    expect((await t.http.delete(`/v1/clusters/${clusterA.id}`).set(managerA)).status).toBe(403);
    expect(
      (await t.http.post('/v1/api-keys').set(managerA).send({ role: 'operator', label: 'x' })).body
        .code,
    ).toBe('AUTH.ROLE_FORBIDDEN');
    expect((await t.http.get('/v1/api-keys').set(memberKey)).status).toBe(403);
    expect(
      (
        await t.http
          .put('/v1/economies/DE')
          .set(managerA)
          .send({ name: 'G', languages: ['de'], timezone: 'Europe/Berlin' })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/v1/import')
          .set(managerA)
          .set('Content-Type', 'application/x-ndjson')
          .send('')
      ).status,
    ).toBe(403);
  });

  it('shows contact fields only to the owner and operators', async () => {
    expect((await t.http.get(`/v1/clusters/${clusterA.id}`).set(managerA)).body.contactEmail).toBe(
      'office@gpsc.example',
    );
    const seenByB = (await t.http.get(`/v1/clusters/${clusterA.id}`).set(managerB)).body;
    expect(seenByB).not.toHaveProperty('contactEmail');
    expect(seenByB).not.toHaveProperty('contactName');
    const list = (await t.http.get('/v1/clusters').set(memberKey)).body.items;
    expect(list.every((c: object) => !('contactEmail' in c))).toBe(true);
    expect((await t.http.get(`/v1/members/${memberA.id}`).set(memberKey)).body.contactEmail).toBe(
      'm1@m.example',
    );
    expect((await t.http.get(`/v1/members/${memberA2.id}`).set(memberKey)).body).not.toHaveProperty(
      'contactEmail',
    );
    expect((await t.http.get(`/v1/members/${memberA2.id}`).set(managerA)).body.contactEmail).toBe(
      'm2@m.example',
    );
    expect((await t.http.get(`/v1/members/${memberA2.id}`).set(managerB)).body).not.toHaveProperty(
      'contactEmail',
    );
  });

  it('scopes a member key to its own profile and items', async () => {
    expect(
      (
        await t.http
          .patch(`/v1/members/${memberA.id}`)
          .set(memberKey)
          .send({ description: 'SiC epitaxy' })
      ).status,
    ).toBe(200);
    expect(
      (await t.http.patch(`/v1/members/${memberA2.id}`).set(memberKey).send({ description: 'x' }))
        .status,
    ).toBe(403);
    const item = {
      kind: 'need',
      area: 'joint_rd',
      title: 'SiC epitaxy partner',
      description: 'Joint R&D on 200 mm SiC epitaxy',
      sectors: ['26'],
      validUntil: '2030-06-30',
    };
    const mine = await t.http
      .post('/v1/items')
      .set(memberKey)
      .send({ ...item, ownerType: 'member', ownerId: memberA.id });
    expect(mine.status).toBe(201);
    expect(
      (
        await t.http
          .post('/v1/items')
          .set(memberKey)
          .send({ ...item, ownerType: 'cluster', ownerId: clusterA.id })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .patch(`/v1/items/${mine.body.id}`)
          .set(managerA)
          .send({ title: 'SiC epitaxy partner wanted' })
      ).status,
    ).toBe(200);
    expect((await t.http.delete(`/v1/items/${mine.body.id}`).set(managerB)).status).toBe(403);
    expect((await t.http.delete(`/v1/items/${mine.body.id}`).set(memberKey)).status).toBe(204);
  });

  it('lets a manager add members only to its own clusters', async () => {
    const body = { name: 'New SME', kind: 'sme', description: 'd', sectors: ['26'] };
    expect(
      (
        await t.http
          .post('/v1/members')
          .set(managerA)
          .send({ ...body, clusterId: clusterA.id })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.http
          .post('/v1/members')
          .set(managerA)
          .send({ ...body, clusterId: clusterB.id })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/v1/members')
          .set(memberKey)
          .send({ ...body, clusterId: clusterA.id })
      ).status,
    ).toBe(403);
  });

  it('creates keys only for existing subjects, lists them without secrets, revokes and rotates them', async () => {
    const bad = await t.http
      .post('/v1/api-keys')
      .set(admin)
      .send({ role: 'cluster_manager', label: 'x', clusterIds: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('clusterIds[0]');
    expect(
      (await t.http.post('/v1/api-keys').set(admin).send({ role: 'member', label: 'x' })).body
        .errors[0].field,
    ).toBe('memberId');

    const key = await newKey({ role: 'cluster_manager', label: 'temp', clusterIds: [clusterB.id] });
    const list = await t.http.get('/v1/api-keys').set(admin);
    const listed = list.body.items.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({
      role: 'cluster_manager',
      label: 'temp',
      tokenPrefix: key.token.slice(0, 10),
    });
    expect(JSON.stringify(list.body)).not.toContain(key.token);

    const rotated = (await t.http.post(`/v1/api-keys/${key.id}/rotate`).set(admin)).body;
    expect((await t.http.get('/v1/me').set(bearer(key.token))).body.code).toBe('AUTH.INVALID_KEY');
    expect((await t.http.get('/v1/me').set(bearer(rotated.token))).body).toMatchObject({
      role: 'cluster_manager',
      clusterIds: [clusterB.id],
    });

    expect((await t.http.delete(`/v1/api-keys/${key.id}`).set(admin)).status).toBe(204);
    expect((await t.http.get('/v1/me').set(bearer(rotated.token))).body.code).toBe(
      'AUTH.REVOKED_KEY',
    );
  });

  it('revokes the keys of a deleted cluster', async () => {
    const c = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ name: 'Short-lived' }))
    ).body;
    const key = await newKey({ role: 'cluster_manager', label: 'short', clusterIds: [c.id] });
    expect((await t.http.delete(`/v1/clusters/${c.id}`).set(admin)).status).toBe(204);
    expect((await t.http.get('/v1/me').set(bearer(key.token))).status).toBe(401);
  });
});
