import { FixedClock } from '../../src/common/clock/clock';
import { TestApp, admin, clusterBody, importNdjson, startTestApp } from '../support/http';
import { SuggestionsService } from '../../src/suggestions/suggestions.service';
import { settle } from '../support/settle';

/** Registry data as it comes: no sectors, no validUntil, long descriptions. */
describe('registry data as it comes', () => {
  const clock = new FixedClock(new Date('2026-11-27T10:00:00Z'));
  let t: TestApp;
  let clusterId: string;
  beforeAll(async () => {
    t = await startTestApp({ ITEM_TTL_DAYS: '30' }, { clock });
    const { sectors: _omitted, ...body } = clusterBody();
    const res = await t.http.post('/v1/clusters').set(admin).send(body).expect(201);
    clusterId = res.body.id as string;
  });
  afterAll(() => t.close());

  const need = (overrides: Record<string, unknown> = {}) => ({
    ownerType: 'cluster',
    ownerId: clusterId,
    kind: 'need',
    area: 'joint_rd',
    title: 'SiC pilot line',
    description: 'A partner with a SiC pilot line',
    ...overrides,
  });

  it('accepts a cluster without sectors, stores none and answers inferredSectors', async () => {
    const res = await t.http.get(`/v1/clusters/${clusterId}`).set(admin).expect(200);
    expect(res.body).toMatchObject({ sectors: [], inferredSectors: [] });
  });

  it('infers ISIC sectors with a confidence from the text of a record that gives none, never for one that does', async () => {
    const given = await t.http
      .post('/v1/clusters')
      .set(admin)
      .send(clusterBody({ name: 'Given sectors cluster', economy: 'JP' }))
      .expect(201);
    await settle(t.app);
    const inferred = await t.http.get(`/v1/clusters/${clusterId}`).set(admin).expect(200);
    expect(inferred.body.sectors).toEqual([]);
    const codes = inferred.body.inferredSectors as { code: string; confidence: number }[];
    expect(codes.length).toBeGreaterThan(0);
    // "SiC and GaN power semiconductor makers": electronic components, ISIC division 26.
    expect(codes.map((c) => c.code.slice(0, 2))).toContain('26');
    for (const c of codes) {
      expect(c.code).toMatch(/^\d{4}$/);
      expect(c.confidence).toBeGreaterThan(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
    const kept = await t.http.get(`/v1/clusters/${given.body.id}`).set(admin).expect(200);
    expect(kept.body).toMatchObject({ sectors: ['26'], inferredSectors: [] });
    // Suggestions name the partner's inferred sectors too, for the reader to see them marked.
    const summaries = await t.app
      .get(SuggestionsService)
      .partnerSummaries([`cluster:${clusterId}`, `cluster:${given.body.id as string}`]);
    expect(summaries.get(`cluster:${clusterId}`)).toMatchObject({
      sectors: [],
      inferredSectors: codes,
    });
    expect(summaries.get(`cluster:${given.body.id as string}`)).toMatchObject({
      sectors: ['26'],
      inferredSectors: [],
    });
  });

  it('gives an item without validUntil ITEM_TTL_DAYS, renewed when it changes, not when it does not', async () => {
    const created = await t.http.post('/v1/items').set(admin).send(need()).expect(201);
    expect(created.body).toMatchObject({
      sectors: [],
      validUntil: '2026-12-27',
      validUntilDefault: true,
    });
    const id = created.body.id as string;
    clock.set(new Date('2026-12-10T10:00:00Z'));
    const same = await t.http.patch(`/v1/items/${id}`).set(admin).send({ title: 'SiC pilot line' });
    expect(same.body).toMatchObject({
      validUntil: '2026-12-27',
      updatedAt: created.body.updatedAt,
    });
    const changed = await t.http
      .patch(`/v1/items/${id}`)
      .set(admin)
      .send({ title: 'SiC pilot line, 200 mm' })
      .expect(200);
    expect(changed.body).toMatchObject({ validUntil: '2027-01-09', validUntilDefault: true });
    const explicit = await t.http
      .patch(`/v1/items/${id}`)
      .set(admin)
      .send({ validUntil: '2027-03-31' })
      .expect(200);
    expect(explicit.body).toMatchObject({ validUntil: '2027-03-31', validUntilDefault: false });
    const kept = await t.http
      .patch(`/v1/items/${id}`)
      .set(admin)
      .send({ title: 'SiC pilot line for modules' })
      .expect(200);
    expect(kept.body.validUntil).toBe('2027-03-31');
    const back = await t.http.patch(`/v1/items/${id}`).set(admin).send({ validUntil: null });
    expect(back.body).toMatchObject({ validUntil: '2027-01-09', validUntilDefault: true });
    clock.set(new Date('2026-11-27T10:00:00Z'));
  });

  it('imports lines without sectors or validUntil, and a re-import a day later changes nothing', async () => {
    const lines = [
      {
        type: 'cluster',
        externalId: 'reg-1',
        name: 'Registry org',
        economy: 'JP',
        description: 'x',
      },
      {
        type: 'item',
        externalId: 'reg-1-p1',
        ownerExternalId: 'reg-1',
        kind: 'offer',
        area: 'joint_rd',
        title: 'Project one',
        description: 'y'.repeat(19000),
      },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const first = (await importNdjson(t, lines)) as unknown as Record<string, number>;
    expect(first).toMatchObject({ created: 2, rejected: 0 });
    clock.set(new Date('2026-11-28T10:00:00Z'));
    const again = (await importNdjson(t, lines)) as unknown as Record<string, number>;
    expect(again).toMatchObject({ unchanged: 2, updated: 0, rejected: 0 });
    clock.set(new Date('2026-11-27T10:00:00Z'));
  });

  it('takes descriptions up to 20,000 characters and refuses longer ones by name', async () => {
    const ok = await t.http
      .post('/v1/items')
      .set(admin)
      .send(need({ description: 'z'.repeat(20000) }));
    expect(ok.status).toBe(201);
    const long = await t.http
      .post('/v1/items')
      .set(admin)
      .send(need({ description: 'z'.repeat(20001) }));
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([
      { field: 'description', reason: expect.stringContaining('20000') },
    ]);
  });
});
