import { aCluster, aMember, seedEconomies } from '../support/factories';
import { describeContract } from '../support/stores';

describeContract('UnitOfWork', (store) => {
  beforeEach(() => seedEconomies(store()));

  it('commits every write of the callback together', async () => {
    const c = aCluster();
    const m = aMember(c);
    const result = await store().uow.run(async () => {
      await store().clusters.create(c);
      await store().members.create(m);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await store().members.findById(m.id)).toEqual(m);
  });

  it('rolls back every write when the callback fails', async () => {
    const c = aCluster();
    await expect(
      store().uow.run(async () => {
        await store().clusters.create(c);
        await store().members.create(aMember(c));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store().clusters.findById(c.id)).toBeUndefined();
    expect(await store().members.count()).toBe(0);
  });

  it('rolls back when a write inside fails (a duplicate externalId)', async () => {
    await store().clusters.create(aCluster({ externalId: 'taken' }));
    const fresh = aCluster();
    await expect(
      store().uow.run(async () => {
        await store().clusters.create(fresh);
        await store().clusters.create(aCluster({ externalId: 'taken' }));
      }),
    ).rejects.toMatchObject({ code: 'CLUSTER.EXTERNAL_ID_TAKEN' });
    expect(await store().clusters.findById(fresh.id)).toBeUndefined();
  });
});
