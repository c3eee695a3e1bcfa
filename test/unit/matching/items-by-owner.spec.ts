import { ItemHeader } from '../../../src/items/item';
import { ItemsByOwner } from '../../../src/matching/items-by-owner';

const item = (id: string) => ({ id }) as unknown as ItemHeader;
const read = (entries: Record<string, string[]>) =>
  new Map(Object.entries(entries).map(([k, ids]) => [k, ids.map(item)]));
const ids = (items: readonly ItemHeader[] | undefined) => items?.map((i) => i.id);

describe('ItemsByOwner: candidates’ items kept between subjects', () => {
  it('answers what it kept and asks for the rest', () => {
    const cache = new ItemsByOwner();
    const first = cache.lookup(['cluster:a', 'cluster:b'], '2026-12-03');
    expect(first.missing).toEqual(['cluster:a', 'cluster:b']);
    cache.keep(read({ 'cluster:a': ['i1', 'i2'], 'cluster:b': [] }), '2026-12-03', first.generation);
    const second = cache.lookup(['cluster:a', 'cluster:b', 'member:c'], '2026-12-03');
    expect(second.missing).toEqual(['member:c']);
    expect(ids(second.found.get('cluster:a'))).toEqual(['i1', 'i2']);
    // a party without items is an answer too, not a miss
    expect(ids(second.found.get('cluster:b'))).toEqual([]);
  });

  it('drops a party the replica changed, and keeps the others', () => {
    const cache = new ItemsByOwner();
    const g = cache.lookup(['cluster:a', 'cluster:b'], '2026-12-03').generation;
    cache.keep(read({ 'cluster:a': ['i1'], 'cluster:b': ['i2'] }), '2026-12-03', g);
    cache.drop(['cluster:a']);
    expect(cache.lookup(['cluster:a', 'cluster:b'], '2026-12-03').missing).toEqual(['cluster:a']);
    cache.drop('all');
    expect(cache.lookup(['cluster:b'], '2026-12-03').missing).toEqual(['cluster:b']);
  });

  it('does not keep a read that a change overtook (the read may predate the change)', () => {
    const cache = new ItemsByOwner();
    const before = cache.lookup(['cluster:a'], '2026-12-03').generation;
    cache.drop(['cluster:a']); // applied while the read was in flight
    cache.keep(read({ 'cluster:a': ['old'] }), '2026-12-03', before);
    expect(cache.lookup(['cluster:a'], '2026-12-03').missing).toEqual(['cluster:a']);
  });

  it('starts over on a new day (which items are active depends on the day)', () => {
    const cache = new ItemsByOwner();
    const g = cache.lookup(['cluster:a'], '2026-12-03').generation;
    cache.keep(read({ 'cluster:a': ['i1'] }), '2026-12-03', g);
    expect(cache.lookup(['cluster:a'], '2026-12-04').missing).toEqual(['cluster:a']);
    // and a read of the old day is not kept into the new one
    cache.keep(read({ 'cluster:a': ['i1'] }), '2026-12-03', g);
    expect(cache.lookup(['cluster:a'], '2026-12-04').missing).toEqual(['cluster:a']);
  });

  it('stays within its bound of items', () => {
    const cache = new ItemsByOwner(3);
    const g = cache.lookup(['cluster:a', 'cluster:b'], 'd').generation;
    cache.keep(read({ 'cluster:a': ['1', '2'] }), 'd', g);
    const g2 = cache.lookup(['cluster:b'], 'd').generation;
    cache.keep(read({ 'cluster:b': ['3', '4'] }), 'd', g2);
    const now = cache.lookup(['cluster:a', 'cluster:b'], 'd');
    expect(now.missing).toEqual(['cluster:a']);
    expect(ids(now.found.get('cluster:b'))).toEqual(['3', '4']);
  });
});
