import { TestApp, admin, bearer, clusterBody, importNdjson, startTestApp } from '../support/http';

/**
 * externalId is the registry's identity and a cluster's economy decides who may be introduced:
 * both are the operator's to change. (Probe finding: a member key set its externalId to another
 * organisation's, and the next import updated the attacker's record.)
 */
describe('registry identity and economy belong to operators', () => {
  let t: TestApp;
  let cluster: { id: string };
  let other: { id: string; externalId: string };
  let member: { id: string };
  let managerKey: Record<string, string>;
  let memberKey: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    cluster = (await t.http.post('/v1/clusters').set(admin).send(clusterBody()).expect(201)).body;
    other = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ name: 'Other', economy: 'JP', externalId: 'reg-other' }))
        .expect(201)
    ).body;
    member = (
      await t.http
        .post('/v1/members')
        .set(admin)
        .send({
          clusterId: cluster.id,
          name: 'SME',
          kind: 'sme',
          description: 'SiC',
          sectors: ['26'],
        })
        .expect(201)
    ).body;
    const key = async (body: object) =>
      bearer((await t.http.post('/v1/api-keys').set(admin).send(body).expect(201)).body.token);
    managerKey = await key({ role: 'cluster_manager', label: 'm', clusterIds: [cluster.id] });
    memberKey = await key({ role: 'member', label: 'k', memberId: member.id });
  });
  afterAll(() => t.close());

  it('refuses externalId from members and cluster managers (403), on create and update', async () => {
    for (const key of [memberKey, managerKey])
      expect(
        (await t.http.patch(`/v1/members/${member.id}`).set(key).send({ externalId: 'reg-victim' }))
          .body.code,
      ).toBe('EXTERNAL_ID.OPERATOR_ONLY');
    expect(
      (await t.http.patch(`/v1/clusters/${cluster.id}`).set(managerKey).send({ externalId: 'x' }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/v1/members')
          .set(managerKey)
          .send({
            clusterId: cluster.id,
            name: 'New',
            kind: 'sme',
            description: 'd',
            sectors: ['26'],
            externalId: 'reg-new',
          })
      ).status,
    ).toBe(403);
    // The registry's later import creates its own record instead of taking over the member.
    await importNdjson(
      t,
      JSON.stringify({
        type: 'member',
        externalId: 'reg-victim',
        clusterExternalId: 'reg-other',
        name: 'Victim Ltd',
        kind: 'sme',
        description: 'x',
      }),
    );
    const mine = await t.http.get(`/v1/members/${member.id}`).set(admin).expect(200);
    expect(mine.body).toMatchObject({ name: 'SME', externalId: null, clusterId: cluster.id });
  });

  it('lets operators set it, unique across clusters and members (409)', async () => {
    await t.http
      .patch(`/v1/members/${member.id}`)
      .set(admin)
      .send({ externalId: 'reg-sme' })
      .expect(200);
    expect(
      (
        await t.http
          .patch(`/v1/members/${member.id}`)
          .set(admin)
          .send({ externalId: other.externalId })
      ).status,
    ).toBe(409);
  });

  it("refuses a cluster's economy change from its manager (403), not from an operator", async () => {
    const res = await t.http
      .patch(`/v1/clusters/${cluster.id}`)
      .set(managerKey)
      .send({ economy: 'AU' })
      .expect(403);
    expect(res.body.code).toBe('CLUSTER.ECONOMY_OPERATOR_ONLY');
    expect((await t.http.get(`/v1/clusters/${cluster.id}`).set(admin)).body.economy).toBe('KR');
    await t.http
      .patch(`/v1/clusters/${cluster.id}`)
      .set(managerKey)
      .send({ region: 'Suwon' })
      .expect(200);
    await t.http.patch(`/v1/clusters/${cluster.id}`).set(admin).send({ economy: 'AU' }).expect(200);
  });
});
