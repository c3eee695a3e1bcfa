import { describeContract } from '../support/stores';
import { aCluster, seedEconomies } from '../support/factories';

const AT = '2026-11-27T10:00:00.000Z';
const germany = {
  code: 'DE',
  name: 'Germany',
  languages: ['de'],
  timezone: 'Europe/Berlin',
  apec: false,
};

describeContract('EconomiesRepository', (store) => {
  beforeEach(() => seedEconomies(store()));

  it('creates, then reports an identical upsert as unchanged and a changed one as updated', async () => {
    expect(await store().economies.upsert(germany, AT)).toBe('created');
    expect(await store().economies.upsert(germany, AT)).toBe('unchanged');
    expect(await store().economies.upsert({ ...germany, languages: ['de', 'en'] }, AT)).toBe(
      'updated',
    );
    expect(await store().economies.findByCode('DE')).toMatchObject({
      code: 'DE',
      languages: ['de', 'en'],
      apec: false,
    });
  });

  it('lists APEC economies first, then guests, each by code', async () => {
    await store().economies.upsert(germany, AT);
    const codes = (await store().economies.list()).map((e) => e.code);
    expect(codes).toEqual(['CL', 'JP', 'KR', 'DE']);
  });

  it('refuses to delete an economy that a cluster or a target list refers to', async () => {
    await store().economies.upsert(germany, AT);
    await store().clusters.create(aCluster({ economy: 'DE' }));
    expect(await store().economies.delete('DE')).toBe('in_use');
    expect(await store().economies.delete('XX')).toBe('not_found');
  });

  it('deletes an unused economy', async () => {
    await store().economies.upsert(germany, AT);
    expect(await store().economies.delete('DE')).toBe('deleted');
    expect(await store().economies.findByCode('DE')).toBeUndefined();
  });
});
