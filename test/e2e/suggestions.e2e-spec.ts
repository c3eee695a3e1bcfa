import { Readable } from 'node:stream';
import { economyName } from '../../src/i18n/economy-names';
import { LOCALES } from '../../src/i18n/locales';
import { renderReason } from '../../src/i18n/reasons';
import { FEATURES } from '../../src/matching/criteria';
import { ReasonPart } from '../../src/matching/explain';
import { seedDemoData } from '../../seeds/demo-seeder';
import { ImportService } from '../../src/import/import.service';
import { ItemsRepository } from '../../src/items/items.repository';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { SuggestionsRepository } from '../../src/suggestions/suggestions.repository';
import { SuggestionsService } from '../../src/suggestions/suggestions.service';
import { TestApp, admin, bearer, startTestApp } from '../support/http';
import { settle } from '../support/settle';

type Json = Record<string, unknown>;

interface SuggestionBody {
  id: string;
  rank: number;
  score: number;
  partner: {
    type: string;
    id: string;
    economy: string;
    economyName: string;
    clusterId: string;
    name: string;
  };
  reason: string;
  parts: Record<string, { value: number; weight: number; contribution: number }>;
  evidence: {
    direction: string;
    yours: { id: string; title: string };
    theirs: { id: string; title: string };
  }[];
  criteriaVersion: number;
  status: string;
}

describe('partner suggestions over the demo data', () => {
  let t: TestApp;
  let kr: { id: string; economy: string };
  let subjectPath: string;
  let jpOfferOwner: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(ImportService));
    await settle(t.app);
    // Planted pair: a Korean need for SiC substrates (kr-i-01-2) and a Japanese offer (jp-i-01-1).
    const need = (await t.app.get(ItemsRepository).findByExternalId('kr-i-01-2'))!;
    const offer = (await t.app.get(ItemsRepository).findByExternalId('jp-i-01-1'))!;
    kr = (await t.app.get(ClustersRepository).findById(need.clusterId))!;
    subjectPath = need.memberId
      ? `/v1/members/${need.memberId}/suggestions`
      : `/v1/clusters/${need.clusterId}/suggestions`;
    jpOfferOwner = offer.memberId ? `member:${offer.memberId}` : `cluster:${offer.clusterId}`;
  }, 60000);
  afterAll(() => t.close());

  const suggestions = async (query: object = {}, key = admin) => {
    const res = await t.http.get(subjectPath).query(query).set(key);
    return res;
  };

  it('suggests the complementary partner with the need/offer pair and a readable reason', async () => {
    const res = await suggestions();
    expect(res.status).toBe(200);
    const items = res.body.items as SuggestionBody[];
    expect(items.length).toBeGreaterThanOrEqual(5);
    const hit = items.find((s) => `${s.partner.type}:${s.partner.id}` === jpOfferOwner);
    expect(hit).toBeDefined();
    expect(hit!.reason).toMatch(/^Your need '.+' matches their offer '.+'/);
    expect(hit!.evidence.some((e) => e.direction === 'their_offer_for_your_need')).toBe(true);
    expect(Object.keys(hit!.parts).sort()).toEqual([...FEATURES].sort());
    const sum = Object.values(hit!.parts).reduce((s, p) => s + p.contribution, 0);
    expect(hit!.score).toBeCloseTo(sum, 2);
    expect(hit!.status).toBe('new');
  });

  it('gives the reason and economy names in the reader’s language: ?lang=, else Accept-Language', async () => {
    const english = (await suggestions()).body.items as (SuggestionBody & Json)[];
    const hit = english.find((s) => `${s.partner.type}:${s.partner.id}` === jpOfferOwner)!;
    expect(hit.reasonLanguage).toBe('en');
    expect(hit.reasonParts).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'need_meets_offer' })]),
    );
    const need = hit.evidence.find((e) => e.direction === 'their_offer_for_your_need')!;
    for (const lang of LOCALES.filter((l) => l !== 'en')) {
      const res = await suggestions({ lang });
      expect(res.status).toBe(200);
      const same = (res.body.items as (SuggestionBody & Json)[]).find((s) => s.id === hit.id)!;
      expect(same.reasonLanguage).toBe(lang);
      expect(same.reason).toBe(renderReason(same.reasonParts as ReasonPart[], lang));
      expect(same.reason).not.toMatch(/matches their offer|shared sectors|both work in/);
      // What users wrote stays as they wrote it.
      expect(same.reason).toContain(need.yours.title);
      expect(same.reason).toContain(need.theirs.title);
      expect(same.partner.economyName).toBe(economyName('JP', lang));
    }
    const byHeader = await t.http
      .get(subjectPath)
      .set(admin)
      .set('Accept-Language', 'fr-CA, zh-TW;q=0.8, en;q=0.5');
    expect(byHeader.body.items[0].reasonLanguage).toBe('zh-Hant');
    const refused = await suggestions({ lang: 'fr' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'lang' })]);
  });

  it('keeps answering lists stored before reasons became data, in English, until their recompute', async () => {
    const subjectKey = subjectPath.startsWith('/v1/members/')
      ? `member:${subjectPath.split('/')[3]}`
      : `cluster:${subjectPath.split('/')[3]}`;
    const lists = t.app.get(SuggestionsRepository);
    const list = (await lists.findList(subjectKey))!;
    const stored = await lists.list(subjectKey, {}, { limit: 50 });
    await lists.replaceList(
      list,
      stored.map((s) => ({ ...s, reasonParts: null })),
    );
    const old = (await suggestions({ lang: 'ja' })).body.items as (SuggestionBody & Json)[];
    expect(old[0]).toMatchObject({ reasonLanguage: 'en', reasonParts: null });
    expect(old[0].reason).toBe(stored[0].reason);

    await t.app.get(SuggestionsService).recompute(subjectKey);
    const migrated = (await suggestions({ lang: 'ja' })).body.items as (SuggestionBody & Json)[];
    expect(migrated[0].reasonLanguage).toBe('ja');
    expect(migrated[0].reason).toBe(renderReason(migrated[0].reasonParts as ReasonPart[], 'ja'));
  });

  it('keeps the hard rules: other economies only, never its own cluster, ranked, diverse', async () => {
    const items = (await suggestions()).body.items as SuggestionBody[];
    expect(items.every((s) => s.partner.economy !== kr.economy)).toBe(true);
    expect(items.every((s) => s.partner.clusterId !== kr.id)).toBe(true);
    expect(items.map((s) => s.rank)).toEqual(items.map((_, i) => i + 1));
    expect(new Set(items.map((s) => s.partner.economy)).size).toBeGreaterThanOrEqual(4);
    const active = (await t.http.get('/v1/match-criteria/active').set(admin)).body;
    expect(items.every((s) => s.criteriaVersion === active.version)).toBe(true);
    expect(JSON.stringify(items)).not.toContain('contactEmail');
  });

  it('filters by partner economy and area, and pages', async () => {
    const jp = (await suggestions({ economy: 'JP' })).body.items as SuggestionBody[];
    expect(jp.length).toBeGreaterThan(0);
    expect(jp.every((s) => s.partner.economy === 'JP')).toBe(true);
    const first = await suggestions({ limit: 3 });
    expect(first.body.items).toHaveLength(3);
    const next = await suggestions({ limit: 3, cursor: first.body.nextCursor });
    expect(next.body.items[0].rank).toBe(4);
    expect((await suggestions({ area: 'fishing' })).status).toBe(400);
  });

  it('names their offer that is close to what the subject does (similar work), and a guest economy by its name', async () => {
    const lines = [
      {
        type: 'economy',
        code: 'AT',
        name: 'Austria',
        languages: ['de'],
        timezone: 'Europe/Vienna',
      },
      {
        type: 'cluster',
        externalId: 'cl-seaweed',
        name: 'Los Lagos Seaweed Bioplastics Cluster',
        economy: 'CL',
        description:
          'Seaweed farmers, biorefineries and packaging converters turning kelp into bioplastic packaging.',
        languages: ['es', 'en'],
      },
      {
        type: 'cluster',
        externalId: 'pe-kelp',
        name: 'Danube Marine Materials',
        economy: 'AT',
        description: 'Marine materials producers with a plant on the Danube.',
        languages: ['de', 'es'],
      },
      {
        type: 'item',
        externalId: 'pe-kelp-films',
        ownerExternalId: 'pe-kelp',
        kind: 'offer',
        area: 'trade',
        title: 'Seaweed bioplastic packaging films',
        description: 'Compostable films made from kelp for food packaging, supplied by the tonne.',
      },
    ];
    await t.app
      .get(ImportService)
      .run(Readable.from(lines.map((l) => `${JSON.stringify(l)}\n`)), 'test:similar-work');
    await settle(t.app);
    const subject = (await t.app.get(ClustersRepository).findByExternalId('cl-seaweed'))!;
    const partner = (await t.app.get(ClustersRepository).findByExternalId('pe-kelp'))!;
    const res = await t.http.get(`/v1/clusters/${subject.id}/suggestions`).set(admin).expect(200);
    const hit = (res.body.items as (SuggestionBody & { reasonParts: Json[] })[]).find(
      (s) => s.partner.id === partner.id,
    );
    expect(hit).toBeDefined();
    expect(hit!.parts.similarWork.value).toBe(1);
    // A guest economy (outside the APEC table) goes by the name it was given.
    expect(hit!.partner.economyName).toBe('Austria');
    expect(hit!.reasonParts[0]).toEqual({
      kind: 'similar_work',
      title: 'Seaweed bioplastic packaging films',
      itemKind: 'offer',
    });
    expect(hit!.reason).toMatch(
      /^Their offer 'Seaweed bioplastic packaging films' is close to your work/,
    );
    const es = await t.http
      .get(`/v1/clusters/${subject.id}/suggestions`)
      .query({ lang: 'es' })
      .set(admin)
      .expect(200);
    expect(
      (es.body.items as SuggestionBody[]).find((s) => s.partner.id === partner.id)!.reason,
    ).toMatch(/^La oferta «Seaweed bioplastic packaging films» del socio se acerca a su trabajo/);
  });

  it('shows suggestions to the subject’s managers and operators only', async () => {
    const other = (await t.app.get(ClustersRepository).list({ economy: 'JP' }, { limit: 1 }))[0];
    const mine = (
      await t.http
        .post('/v1/api-keys')
        .set(admin)
        .send({ role: 'cluster_manager', label: 'kr', clusterIds: [kr.id] })
    ).body.token;
    const theirs = (
      await t.http
        .post('/v1/api-keys')
        .set(admin)
        .send({ role: 'cluster_manager', label: 'jp', clusterIds: [other.id] })
    ).body.token;
    expect((await suggestions({}, bearer(mine))).status).toBe(200);
    expect((await suggestions({}, bearer(theirs))).status).toBe(403);
  });

  it('serves cluster suggestions too', async () => {
    const res = await t.http.get(`/v1/clusters/${kr.id}/suggestions`).set(admin);
    expect(res.status).toBe(200);
    const items = res.body.items as SuggestionBody[];
    expect(items.length).toBeGreaterThan(0);
    expect(
      items.every((s) => s.partner.economy !== kr.economy && s.partner.clusterId !== kr.id),
    ).toBe(true);
  });

  it('recomputes with the newly active criteria, and lets the same economy in when the criteria allow it', async () => {
    const draft = (
      await t.http
        .post('/v1/match-criteria')
        .set(admin)
        .send({
          rules: { allowSameEconomy: true, perEconomyCap: null },
          note: 'domestic partners allowed',
        })
    ).body;
    expect(draft.status).toBe('draft');
    expect(
      (await t.http.post(`/v1/match-criteria/${draft.version}/activate`).set(admin)).status,
    ).toBe(200);
    const items = (await suggestions({ limit: 50 })).body.items as SuggestionBody[];
    expect(items.every((s) => s.criteriaVersion === draft.version)).toBe(true);
    expect(items.every((s) => s.partner.clusterId !== kr.id)).toBe(true);
    const previous = (await t.http.get('/v1/match-criteria/audit').set(admin)).body.items[0];
    expect(previous).toMatchObject({
      version: draft.version,
      action: 'activated',
      previousVersion: draft.version - 1,
    });
    await t.http
      .post(`/v1/match-criteria/${draft.version - 1}/activate`)
      .set(admin)
      .expect(200);
  });
});
