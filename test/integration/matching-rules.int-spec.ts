import { FeedbackRepository } from '../../src/suggestions/suggestions.repository';
import { SuggestionsService } from '../../src/suggestions/suggestions.service';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { TestApp, admin, startTestApp } from '../support/http';
import { settle } from '../support/settle';

const line = (o: object) => JSON.stringify(o);
const cluster = (externalId: string, economy: string, description = 'Power electronics cluster') =>
  line({
    type: 'cluster',
    externalId,
    name: `Cluster ${externalId}`,
    economy,
    description,
    sectors: ['26'],
    languages: ['en'],
  });
const offer = (externalId: string, owner: string, extra: object = {}) =>
  line({
    type: 'item',
    externalId,
    ownerExternalId: owner,
    kind: 'offer',
    area: 'joint_rd',
    title: 'SiC power module pilot line services',
    description: 'Pilot line services for SiC power modules and wafers',
    sectors: ['26'],
    validUntil: '2030-01-01',
    ...extra,
  });

describe('matching hard rules', () => {
  let t: TestApp;
  const key = async (externalId: string) =>
    `cluster:${(await t.app.get(ClustersRepository).findByExternalId(externalId))!.id}`;
  beforeAll(async () => {
    t = await startTestApp();
    const file = [
      cluster('S', 'KR'),
      line({
        type: 'item',
        externalId: 's-need',
        ownerExternalId: 'S',
        kind: 'need',
        area: 'joint_rd',
        title: 'SiC power module pilot line',
        description: 'We need pilot line services for SiC power modules',
        sectors: ['26'],
        validUntil: '2030-01-01',
      }),
      line({
        type: 'member',
        externalId: 'S-member',
        clusterExternalId: 'S',
        name: 'Own member',
        kind: 'sme',
        description: 'SiC power modules',
        sectors: ['26'],
      }),
      offer('own-offer', 'S-member', { ownerType: 'member' }),
      cluster('A', 'JP'),
      offer('a-offer', 'A'),
      cluster('B', 'JP'),
      offer('b-offer', 'B', { targetEconomies: ['US'] }),
      cluster('C', 'CL'),
      offer('c-offer', 'C', { validUntil: '2025-01-31' }),
      cluster('D', 'KR'),
      offer('d-offer', 'D'),
      cluster('E', 'VN'),
      offer('e-offer', 'E'),
      cluster('F', 'TW'),
      offer('f-offer', 'F'),
    ].join('\n');
    await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(file)
      .expect(200);
    await settle(t.app);
  }, 60000);
  afterAll(() => t.close());

  interface Listed {
    partner: { type: string; id: string };
    evidence: { theirs: { id: string } }[];
  }
  const listed = async () => {
    const s = await key('S');
    await t.app.get(SuggestionsService).recompute(s);
    const res = await t.http
      .get(`/v1/clusters/${s.slice('cluster:'.length)}/suggestions`)
      .query({ limit: 50 })
      .set(admin);
    return res.body.items as Listed[];
  };
  const partners = async () => (await listed()).map((i) => `${i.partner.type}:${i.partner.id}`);

  it('suggests partners in other economies, never its own cluster, and never uses expired or restricted offers', async () => {
    const items = await listed();
    const got = items.map((i) => `${i.partner.type}:${i.partner.id}`);
    expect(got).toEqual(expect.arrayContaining([await key('A'), await key('E'), await key('F')]));
    expect(got).not.toContain(await key('D')); // same economy
    expect(got.some((p) => p.startsWith('member:'))).toBe(false); // its own member
    // B's offer is for US partners only and C's expired: neither is ever evidence. The clusters
    // themselves may still come up on profile similarity alone, below the real fits.
    const itemIds = items.flatMap((i) => i.evidence.map((e) => e.theirs.id));
    const { ItemsRepository } = await import('../../src/items/items.repository');
    const restricted = await t.app.get(ItemsRepository).findByExternalId('b-offer');
    const expired = await t.app.get(ItemsRepository).findByExternalId('c-offer');
    expect(itemIds).not.toContain(restricted!.id);
    expect(itemIds).not.toContain(expired!.id);
    const rankOf = async (x: string) => got.indexOf(await key(x));
    for (const weaker of ['B', 'C'])
      if ((await rankOf(weaker)) >= 0)
        expect(await rankOf(weaker)).toBeGreaterThan(await rankOf('A'));
  });

  it('never suggests a partner the subject dismissed or hid', async () => {
    const subject = await key('S');
    for (const [partner, status] of [
      [await key('E'), 'not_relevant'],
      [await key('F'), 'hidden'],
    ] as const) {
      await t.app.get(FeedbackRepository).upsert({
        subjectKey: subject,
        partnerKey: partner,
        status,
        reason: null,
        actor: 'test',
        at: new Date().toISOString(),
      });
    }
    const got = await partners();
    expect(got).toContain(await key('A'));
    expect(got).not.toContain(await key('E'));
    expect(got).not.toContain(await key('F'));
  });

  it('respects the subject’s own target economies for that need', async () => {
    await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(
        line({
          type: 'item',
          externalId: 's-need',
          ownerExternalId: 'S',
          kind: 'need',
          area: 'joint_rd',
          title: 'SiC power module pilot line',
          description: 'We need pilot line services for SiC power modules',
          sectors: ['26'],
          targetEconomies: ['JP'],
          validUntil: '2030-01-01',
        }),
      )
      .expect(200);
    await settle(t.app);
    const s = await key('S');
    const list = (await t.http.get(`/v1/clusters/${s.slice(8)}/suggestions`).set(admin)).body
      .items as {
      partner: { id: string };
      reason: string;
      evidence: { theirs: { id: string } }[];
    }[];
    const a = await key('A');
    expect(list.find((i) => `cluster:${i.partner.id}` === a)?.reason).toMatch(
      /you look for partners in Japan/,
    );
  });
});
