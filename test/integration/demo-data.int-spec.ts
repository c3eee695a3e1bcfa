import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { ImportService } from '../../src/import/import.service';
import { ItemsRepository } from '../../src/items/items.repository';
import { seedDemoData, seedDemoIfEmpty } from '../../seeds/demo-seeder';
import { TestApp, admin, startTestApp } from '../support/http';

describe('demo data set (seeds/demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('loads without a single rejected line', async () => {
    const results = await seedDemoIfEmpty(t.app.get(ImportService), t.app.get(ClustersRepository));
    expect(results).toBeDefined();
    const rejections = results!.flatMap((r) =>
      r.summary.rejections.map((x) => `${r.file}:${x.line} ${JSON.stringify(x.problems)}`),
    );
    expect(rejections).toEqual([]);
  });

  it('covers every APEC economy with at least 200 clusters, members, and needs and offers in all six areas', async () => {
    const clusters = await t.app.get(ClustersRepository).list({}, { limit: 10000 });
    expect(clusters.length).toBeGreaterThanOrEqual(200);
    const economies = (await t.http.get('/v1/economies').set(admin)).body.items
      .filter((e: { apec: boolean }) => e.apec)
      .map((e: { code: string }) => e.code);
    expect(new Set(clusters.map((c) => c.economy))).toEqual(new Set(economies));
    expect(
      (await t.http.get('/v1/members').query({ limit: 1 }).set(admin)).body.items,
    ).toHaveLength(1);
    const items = await t.app.get(ItemsRepository).list({}, { limit: 100000 });
    for (const area of [
      'trade',
      'investment',
      'joint_rd',
      'hr_exchange',
      'training',
      'visibility',
    ]) {
      for (const kind of ['need', 'offer'])
        expect(items.filter((i) => i.area === area && i.kind === kind).length).toBeGreaterThan(5);
    }
  });

  it('speaks the clusters’ own languages, not only English', async () => {
    const items = await t.app.get(ItemsRepository).list({}, { limit: 100000 });
    const languages = new Set(items.flatMap((i) => i.languages));
    for (const lang of ['ja', 'ko', 'zh', 'es', 'th', 'vi', 'ru'])
      expect(languages).toContain(lang);
    expect(items.some((i) => /[\u3040-\u30ff]/.test(i.description))).toBe(true);
    expect(items.some((i) => /[\uac00-\ud7af]/.test(i.description))).toBe(true);
  });

  it('is idempotent: seeding again changes nothing', async () => {
    const again = await seedDemoData(t.app.get(ImportService));
    expect(again.reduce((n, r) => n + r.summary.created + r.summary.updated, 0)).toBe(0);
    expect(
      await seedDemoIfEmpty(t.app.get(ImportService), t.app.get(ClustersRepository)),
    ).toBeUndefined();
  });
});
