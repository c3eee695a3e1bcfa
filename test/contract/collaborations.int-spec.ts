import { Collaboration } from '../../src/collaborations/collaboration';
import { newId } from '../../src/common/ids';
import { describeContract } from '../support/stores';

const AT = '2026-11-27T10:00:00.000Z';

const aCollaboration = (overrides: Partial<Collaboration> = {}): Collaboration => ({
  id: newId(),
  externalId: null,
  title: 'Joint SiC pilot line',
  area: 'joint_rd',
  startDate: '2024-01-01',
  source: 'import',
  introductionId: null,
  parties: ['cluster:a', 'cluster:b', 'member:m'],
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

describeContract('CollaborationsRepository', (store) => {
  it('saves, finds by id, externalId and introduction, and records each write in the change log', async () => {
    const c = aCollaboration({ externalId: 'proj-1' });
    const fromIntro = aCollaboration({ source: 'introduction', introductionId: 'intro-1' });
    const before = await store().changes.head();
    await store().collaborations.save(c);
    await store().collaborations.save(fromIntro);
    expect(await store().collaborations.findById(c.id)).toEqual(c);
    expect(await store().collaborations.findByExternalId('proj-1')).toEqual(c);
    expect(await store().collaborations.findByIntroduction('intro-1')).toEqual(fromIntro);
    const changes = await store().changes.readAfter(before, 10);
    expect(changes.map((x) => [x.entity, x.entityId, x.op])).toEqual([
      ['collaboration', c.id, 'upsert'],
      ['collaboration', fromIntro.id, 'upsert'],
    ]);
  });

  it('replaces a collaboration saved again, parties included, and refuses a taken externalId', async () => {
    const c = aCollaboration({ externalId: 'proj-2' });
    await store().collaborations.save(c);
    const changed = { ...c, title: 'Renamed', parties: ['cluster:a', 'cluster:z'] };
    await store().collaborations.save(changed);
    expect(await store().collaborations.findById(c.id)).toEqual(changed);
    await expect(
      store().collaborations.save(aCollaboration({ externalId: 'proj-2' })),
    ).rejects.toMatchObject({ code: 'COLLABORATION.EXTERNAL_ID_TAKEN' });
  });

  it('lists by party in id order, and pages', async () => {
    const [x, y, z] = [
      aCollaboration({ parties: ['cluster:a', 'cluster:b'] }),
      aCollaboration({ parties: ['cluster:b', 'cluster:c'] }),
      aCollaboration({ parties: ['cluster:a', 'cluster:c'] }),
    ];
    for (const c of [x, y, z]) await store().collaborations.save(c);
    const ids = async (party?: string, after?: string) =>
      (await store().collaborations.list({ party }, { limit: 10, after })).map((c) => c.id);
    expect(await ids('cluster:a')).toEqual([x.id, z.id]);
    expect(await ids()).toEqual([x.id, y.id, z.id]);
    expect(await ids(undefined, x.id)).toEqual([y.id, z.id]);
    expect(await store().collaborations.count()).toBe(3);
  });

  it('erasure takes a party out, and deletes a collaboration left with fewer than two', async () => {
    const three = aCollaboration({ parties: ['cluster:a', 'cluster:b', 'member:m'] });
    const two = aCollaboration({ parties: ['cluster:a', 'cluster:c'] });
    const other = aCollaboration({ parties: ['cluster:b', 'cluster:c'] });
    for (const c of [three, two, other]) await store().collaborations.save(c);
    expect(await store().collaborations.forgetParties(['cluster:a'], AT)).toBe(2);
    expect((await store().collaborations.findById(three.id))?.parties).toEqual([
      'cluster:b',
      'member:m',
    ]);
    expect(await store().collaborations.findById(two.id)).toBeUndefined();
    expect(await store().collaborations.findById(other.id)).toEqual(other);
    expect(await store().collaborations.delete(other.id, AT)).toBe(true);
    expect(await store().collaborations.delete(other.id, AT)).toBe(false);
  });
});
