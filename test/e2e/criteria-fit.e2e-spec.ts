import { seedDemoData } from '../../seeds/demo-seeder';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { CriteriaService } from '../../src/criteria/criteria.service';
import { ImportService } from '../../src/import/import.service';
import { FEATURES, Feature } from '../../src/matching/criteria';
import { MatchingEngine } from '../../src/matching/matching-engine';
import { MembersRepository } from '../../src/members/members.repository';
import { IndexReplica } from '../../src/vector-index/index-replica.service';
import { TestApp, admin, startTestApp } from '../support/http';
import { settle } from '../support/settle';

/**
 * POST /v1/match-criteria/fit: labels drawn from a hidden weight vector (the partners it ranks
 * first are "good"), uploaded as a gold file; the fitted draft must rank held-out subjects better
 * than the active version does, and nothing is activated.
 */
describe('criteria fitted to outcomes', () => {
  let t: TestApp;
  let gold: Record<string, string[]>;
  // A taste the defaults do not have: sectors and languages first, nothing else.
  const hidden: Partial<Record<Feature, number>> = { sectorAffinity: 1, languageFit: 0.6 };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(ImportService));
    await settle(t.app);
    const engine = t.app.get(MatchingEngine);
    const active = await t.app.get(CriteriaService).active();
    const criteria = { ...active, rules: { ...active.rules, knownPartners: 'include' as const } };
    const externalId = async (key: string) => {
      const [type, id] = key.split(':');
      const repo =
        type === 'cluster' ? t.app.get(ClustersRepository) : t.app.get(MembersRepository);
      return (await repo.findById(id))!.externalId!;
    };
    const subjects = [...t.app.get(IndexReplica).placements.entries()]
      .filter(([, p]) => p.meta.entity !== 'item')
      .map(([key]) => key)
      .sort()
      .slice(0, 60);
    gold = {};
    for (const subject of subjects) {
      const run = await engine.match(subject, criteria, { keepPool: true });
      const byHidden = (run.pool ?? [])
        .map((c) => ({
          key: c.partner.key,
          score: FEATURES.reduce((s, f) => s + (hidden[f] ?? 0) * c.scored.parts[f].value, 0),
        }))
        .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
        .slice(0, 5);
      if (byHidden.length)
        gold[await externalId(subject)] = await Promise.all(byHidden.map((c) => externalId(c.key)));
    }
  }, 180000);
  afterAll(() => t.close());

  it('recovers a draft that ranks held-out subjects better than the active version, and activates nothing', async () => {
    const before = await t.http.get('/v1/match-criteria/active').set(admin).expect(200);
    const res = await t.http
      .post('/v1/match-criteria/fit')
      .set(admin)
      .send({ source: 'gold', gold, note: 'fitted in a test' })
      .expect(201);
    expect(res.body.examples.subjects).toBeGreaterThanOrEqual(45);
    expect(res.body.heldOut.subjects).toBeGreaterThan(10);
    expect(res.body.heldOut.draft).toBeGreaterThan(res.body.heldOut.base);
    // The hidden signals lead the fitted weights.
    const weights = res.body.weights as Record<Feature, number>;
    expect(Math.max(weights.sectorAffinity, weights.languageFit)).toBe(1);
    const draft = await t.http.get(`/v1/match-criteria/${res.body.draft}`).set(admin).expect(200);
    expect(draft.body).toMatchObject({ status: 'draft', note: 'fitted in a test' });
    const after = await t.http.get('/v1/match-criteria/active').set(admin).expect(200);
    expect(after.body.version).toBe(before.body.version);
    // The preview works on it as on any draft.
    await t.http
      .post('/v1/match-criteria/preview')
      .set(admin)
      .send({ version: res.body.draft, sampleSize: 3 })
      .expect(200);
  }, 180000);

  it('names the field when there is nothing to learn from', async () => {
    const noGold = await t.http
      .post('/v1/match-criteria/fit')
      .set(admin)
      .send({ source: 'gold' })
      .expect(400);
    expect(JSON.stringify(noGold.body)).toContain('gold');
    const noOutcomes = await t.http
      .post('/v1/match-criteria/fit')
      .set(admin)
      .send({ source: 'outcomes' })
      .expect(400);
    expect(JSON.stringify(noOutcomes.body)).toContain('source');
    const badGold = await t.http
      .post('/v1/match-criteria/fit')
      .set(admin)
      .send({ source: 'gold', gold: { x: 'y' } })
      .expect(400);
    expect(JSON.stringify(badGold.body)).toContain('gold.x');
  });
});
