import { normalizeSearchText } from '../../src/common/text';
import { DomainError } from '../../src/common/errors/domain-error';
import { aCluster, seedEconomies } from '../support/factories';
import { describeContract } from '../support/stores';

const page = (limit = 50, after?: string) => ({ limit, after });

describeContract('ClustersRepository', (store) => {
  beforeEach(() => seedEconomies(store()));

  it('stores a cluster and reads it back by id, externalId and ids', async () => {
    const c = aCluster({ technologies: ['SiC', 'GaN'], languages: ['ko', 'en'] });
    await store().clusters.create(c);
    expect(await store().clusters.findById(c.id)).toEqual(c);
    expect(await store().clusters.findByExternalId(c.externalId!)).toEqual(c);
    expect(await store().clusters.findByIds([c.id, 'missing'])).toEqual([c]);
    expect(await store().clusters.count()).toBe(1);
  });

  it('reads headers without the long texts, and with everything else, inferred sectors too', async () => {
    const c = aCluster({ description: 'A long description. '.repeat(500) });
    const other = aCluster();
    for (const x of [c, other]) await store().clusters.create(x);
    const inferred = [{ code: '2610', confidence: 0.81 }];
    await store().clusters.setInferredSectors(c.id, inferred);
    const headers = await store().clusters.findHeadersByIds([c.id, 'missing', other.id]);
    expect(headers.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { ...c, description: '', inferredSectors: inferred },
        { ...other, description: '' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('keeps null optional fields null', async () => {
    const c = aCluster({
      externalId: null,
      region: null,
      website: null,
      contactName: null,
      contactEmail: null,
      memberCount: null,
    });
    await store().clusters.create(c);
    expect(await store().clusters.findById(c.id)).toEqual(c);
  });

  it('refuses a second cluster with the same externalId with a conflict naming the field', async () => {
    await store().clusters.create(aCluster({ externalId: 'dup' }));
    const error = await store()
      .clusters.create(aCluster({ externalId: 'dup' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'CLUSTER.EXTERNAL_ID_TAKEN',
      kind: 'conflict',
      fields: [{ field: 'externalId' }],
    });
  });

  it('allows many clusters without externalId', async () => {
    await store().clusters.create(aCluster({ externalId: null }));
    await store().clusters.create(aCluster({ externalId: null }));
    expect(await store().clusters.count()).toBe(2);
  });

  it('updates content, sector index and search text', async () => {
    const c = aCluster({ sectors: ['26'], description: 'semiconductors' });
    await store().clusters.create(c);
    const next = {
      ...c,
      sectors: ['0311'],
      description: 'Salmon aquaculture in the south',
      updatedAt: '2026-11-28T00:00:00.000Z',
    };
    await store().clusters.update(next);
    expect(await store().clusters.findById(c.id)).toEqual(next);
    expect((await store().clusters.list({ sector: '26' }, page())).map((x) => x.id)).toEqual([]);
    expect((await store().clusters.list({ sector: 'A' }, page())).map((x) => x.id)).toEqual([c.id]);
    expect((await store().clusters.list({ text: 'salmon' }, page())).map((x) => x.id)).toEqual([
      c.id,
    ]);
  });

  it('filters by economy', async () => {
    const kr = aCluster({ economy: 'KR' });
    const jp = aCluster({ economy: 'JP' });
    await store().clusters.create(kr);
    await store().clusters.create(jp);
    expect((await store().clusters.list({ economy: 'JP' }, page())).map((c) => c.id)).toEqual([
      jp.id,
    ]);
  });

  it('filters by sector down the ISIC hierarchy: section, division, group, class', async () => {
    const chips = aCluster({ sectors: ['2610'] });
    const batteries = aCluster({ sectors: ['272'] });
    const salmon = aCluster({ sectors: ['03'] });
    for (const c of [chips, batteries, salmon]) await store().clusters.create(c);
    const ids = async (sector: string) =>
      (await store().clusters.list({ sector }, page())).map((c) => c.id).sort();
    expect(await ids('C')).toEqual([chips.id, batteries.id].sort());
    expect(await ids('26')).toEqual([chips.id]);
    expect(await ids('261')).toEqual([chips.id]);
    expect(await ids('2610')).toEqual([chips.id]);
    expect(await ids('27')).toEqual([batteries.id]);
    expect(await ids('2620')).toEqual([]);
    expect(await ids('A')).toEqual([salmon.id]);
  });

  it('matches text as a case-insensitive substring of name, region, description and technologies, in any script', async () => {
    const a = aCluster({ name: 'Busan Marine Cluster', technologies: ['LNG carriers'] });
    const b = aCluster({ name: '九州半導体クラスター', description: 'パワー半導体の研究開発' });
    await store().clusters.create(a);
    await store().clusters.create(b);
    const ids = async (text: string) =>
      (await store().clusters.list({ text: normalizeSearchText(text) }, page())).map((c) => c.id);
    expect(await ids('BUSAN')).toEqual([a.id]);
    expect(await ids('lng carr')).toEqual([a.id]);
    expect(await ids('半導体')).toEqual([b.id]);
    expect(await ids('gyeonggi')).toEqual([a.id, b.id]);
    expect(await ids('(.*)')).toEqual([]);
  });

  it('pages by id: limit + 1 rows tell there is more, `after` continues', async () => {
    const all = [];
    for (let i = 0; i < 5; i++) {
      const c = aCluster();
      all.push(c.id);
      await store().clusters.create(c);
    }
    const first = await store().clusters.list({}, page(2));
    expect(first.map((c) => c.id)).toEqual(all.slice(0, 3));
    const second = await store().clusters.list({}, page(2, all[1]));
    expect(second.map((c) => c.id)).toEqual(all.slice(2, 5));
    const last = await store().clusters.list({}, page(2, all[3]));
    expect(last.map((c) => c.id)).toEqual(all.slice(4));
  });

  it('deletes', async () => {
    const c = aCluster();
    await store().clusters.create(c);
    expect(await store().clusters.delete(c.id, c.updatedAt)).toBe(true);
    expect(await store().clusters.delete(c.id, c.updatedAt)).toBe(false);
    expect(await store().clusters.findById(c.id)).toBeUndefined();
  });
});
