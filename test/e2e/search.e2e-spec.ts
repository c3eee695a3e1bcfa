import { TestApp, admin, clusterBody, startTestApp } from '../support/http';
import { settle } from '../support/settle';

describe('GET /v1/search', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    const kr = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ name: 'Gyeonggi Power Semiconductor Cluster' }))
    ).body;
    const cl = (
      await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(
          clusterBody({
            name: 'Los Lagos Salmon Cluster',
            economy: 'CL',
            sectors: ['03'],
            technologies: ['salmon farming'],
            description: 'Salmon aquaculture in southern Chile',
          }),
        )
    ).body;
    const item = async (name: string, body: object) => {
      const res = await t.http
        .post('/v1/items')
        .set(admin)
        .send({ validUntil: '2030-12-31', sectors: ['26'], ...body });
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    };
    ids.kr = kr.id;
    ids.cl = cl.id;
    await item('sicOffer', {
      ownerType: 'cluster',
      ownerId: kr.id,
      kind: 'offer',
      area: 'joint_rd',
      title: 'SiC wafer foundry services',
      description: 'Foundry for SiC power modules and wafers',
    });
    await item('sicNeed', {
      ownerType: 'cluster',
      ownerId: kr.id,
      kind: 'need',
      area: 'trade',
      title: 'Pilot line for SiC power modules',
      description: 'We need a pilot line for SiC power modules',
    });
    await item('feed', {
      ownerType: 'cluster',
      ownerId: cl.id,
      kind: 'need',
      area: 'trade',
      title: 'Salmon feed supply',
      description: 'Sustainable salmon feed for aquaculture',
      sectors: ['03'],
    });
    await settle(t.app);
  });
  afterAll(() => t.close());

  const search = (query: object) => t.http.get('/v1/search').query(query).set(admin);

  it('ranks profiles, needs and offers by similarity, with the score and the model', async () => {
    const res = await search({ q: 'SiC power modules' });
    expect(res.status).toBe(200);
    expect(res.body.model).toBe('fixtures/bow-hash-384@shared-fixture-1');
    const top = res.body.results.slice(0, 2).map((r: { id: string }) => r.id);
    expect(top).toEqual(expect.arrayContaining([ids.sicOffer, ids.sicNeed]));
    const scores = res.body.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res.body.results[0]).toMatchObject({
      type: 'item',
      economy: 'KR',
      score: expect.any(Number),
      title: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain('contactEmail');
  });

  it('filters by kind, economy, area and sector', async () => {
    expect(
      (await search({ q: 'SiC power modules', kind: 'offer' })).body.results.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual([ids.sicOffer]);
    expect(
      (
        await search({ q: 'SiC power modules', kind: 'need,offer', area: 'trade' })
      ).body.results.map((r: { id: string }) => r.id),
    ).toEqual(expect.arrayContaining([ids.sicNeed]));
    expect(
      (await search({ q: 'salmon', economy: 'CL' })).body.results.every(
        (r: { economy: string }) => r.economy === 'CL',
      ),
    ).toBe(true);
    expect(
      (await search({ q: 'salmon', sector: 'A' })).body.results
        .map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([ids.cl, ids.feed].sort());
    expect((await search({ q: 'salmon', kind: 'profile' })).body.results[0].id).toBe(ids.cl);
  });

  it('refuses bad parameters by name', async () => {
    expect((await search({})).body.errors[0].field).toBe('q');
    expect((await search({ q: 'x', kind: 'cluster' })).body.errors[0].field).toBe('kind');
    expect((await search({ q: 'x', limit: 1000 })).body.errors[0].field).toBe('limit');
    expect((await search({ q: 'x', sector: '04' })).body.errors[0].field).toBe('sector');
  });
});
