import { seedDemoData } from '../../seeds/demo-seeder';
import { ImportService } from '../../src/import/import.service';
import { FEATURES } from '../../src/matching/criteria';
import { TestApp, admin, bearer, clusterBody, startTestApp } from '../support/http';
import { settle } from '../support/settle';

describe('match criteria for operators', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(ImportService));
    await settle(t.app);
  }, 60000);
  afterAll(() => t.close());

  it('starts with one active version of the defaults', async () => {
    const list = (await t.http.get('/v1/match-criteria').set(admin)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ version: 1, status: 'active', activatedBy: 'system' });
  });

  it('validates drafts field by field and keeps the base values for what a draft leaves out', async () => {
    const bad = await t.http
      .post('/v1/match-criteria')
      .set(admin)
      .send({ weights: { reciprocity: 2 }, rules: { listSize: 0, perEconomyCap: 'many' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'rules.listSize',
      'rules.perEconomyCap',
      'weights.reciprocity',
    ]);
    const zero = await t.http
      .post('/v1/match-criteria')
      .set(admin)
      .send({
        weights: Object.fromEntries(FEATURES.map((f) => [f, 0])),
      });
    expect(zero.body.errors[0].field).toBe('weights');
    const draft = (
      await t.http
        .post('/v1/match-criteria')
        .set(admin)
        .send({ weights: { freshness: 1 }, note: 'recency first' })
    ).body;
    const active = (await t.http.get('/v1/match-criteria/active').set(admin)).body;
    expect(draft).toMatchObject({
      status: 'draft',
      note: 'recency first',
      weights: { ...active.weights, freshness: 1 },
      rules: active.rules,
    });
  });

  it('previews a draft against the active version: overlap, rank changes, mix and offline metrics', async () => {
    const res = await t.http
      .post('/v1/match-criteria/preview')
      .set(admin)
      .send({
        draft: {
          weights: {
            reciprocity: 0,
            semanticFit: 0,
            keywordFit: 0,
            consensus: 0,
            textSimilarity: 0,
            similarWork: 0,
            profileSimilarity: 0,
            sectorAffinity: 0,
            areaFit: 0,
            targetPreference: 0,
            feedback: 0,
            languageFit: 1,
            freshness: 1,
          },
        },
        sampleSize: 8,
      });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ activeVersion: 1, sampleSize: 8 });
    expect(r.overlapAt10).toBeLessThan(0.8);
    expect(r.rankChanges.entered).toBeGreaterThan(0);
    expect(Object.keys(r.mix.active.economies).length).toBeGreaterThan(3);
    expect(r.offline.draft.ndcgAt10).toBeLessThan(r.offline.active.ndcgAt10);
    expect(r.subjects).toHaveLength(8);

    const same = (
      await t.http.post('/v1/match-criteria/preview').set(admin).send({ version: 1, sampleSize: 4 })
    ).body;
    expect(same.overlapAt10).toBe(1);
    expect(same.rankChanges.meanAbsoluteShift).toBe(0);
  }, 120000);

  it('activates exactly one version at a time, audited, and is closed to everyone but operators', async () => {
    const draft = (
      await t.http.post('/v1/match-criteria').set(admin).send({ note: 'same as active' })
    ).body;
    await t.http.post(`/v1/match-criteria/${draft.version}/activate`).set(admin).expect(200);
    const list = (await t.http.get('/v1/match-criteria').set(admin)).body.items as {
      version: number;
      status: string;
    }[];
    expect(list.filter((c) => c.status === 'active').map((c) => c.version)).toEqual([
      draft.version,
    ]);
    expect(list.find((c) => c.version === 1)!.status).toBe('retired');
    const audit = (await t.http.get('/v1/match-criteria/audit').set(admin)).body.items;
    expect(audit[0]).toMatchObject({
      version: draft.version,
      action: 'activated',
      actor: 'bootstrap',
      previousVersion: 1,
    });
    expect((await t.http.post('/v1/match-criteria/99/activate').set(admin)).status).toBe(404);

    const c = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
    const manager = (
      await t.http
        .post('/v1/api-keys')
        .set(admin)
        .send({ role: 'cluster_manager', label: 'm', clusterIds: [c.id] })
    ).body.token;
    expect((await t.http.get('/v1/match-criteria').set(bearer(manager))).status).toBe(403);
    expect((await t.http.post('/v1/match-criteria').set(bearer(manager)).send({})).status).toBe(
      403,
    );
  });
});
