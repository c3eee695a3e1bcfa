import { PartyTextIndex } from '../../../src/vector-index/party-text-index';

const BATTERY = 'solid state battery recycling pilot line for lithium cathodes';
const QUERY_TEXT = 'we recycle lithium battery cathodes and build a pilot line';

/** An index with a few unrelated parties, so that the query's terms have some weight (IDF). */
function indexWithBackground(): PartyTextIndex {
  const index = new PartyTextIndex();
  index.upsertRecord('cluster:me', 'cluster:me', QUERY_TEXT, 'profile');
  const others = [
    'dairy farming cooperative milk processing',
    'tourism promotion hotels and heritage sites',
    'textile dyeing and garment export',
    'port logistics and container handling',
  ];
  others.forEach((text, i) => index.upsertRecord(`item:bg${i}`, `cluster:bg${i}`, text, 'offer'));
  return index;
}

describe('PartyTextIndex: similar work (others’ needs and offers against what the subject writes)', () => {
  it('sums over a party’s needs and offers: two close ones count more than one, none counts nothing', () => {
    const index = indexWithBackground();
    index.upsertRecord('item:a1', 'cluster:a', BATTERY, 'offer');
    index.upsertRecord('item:a2', 'cluster:a', 'lithium cathode materials pilot line', 'offer');
    index.upsertRecord('item:b1', 'cluster:b', BATTERY, 'offer');
    const work = index.similarWork('cluster:me');
    expect(work.get('cluster:a')!.score).toBeGreaterThan(work.get('cluster:b')!.score);
    expect(work.get('cluster:b')!.score).toBeGreaterThan(0);
    expect(work.has('cluster:bg0')).toBe(false);
  });

  it('shares a text posted by several parties among them, and gives it back when they withdraw it', () => {
    // The same party documents either way (what c and d write is in their profiles or in their
    // items), so the two indexes differ only in who posts the text as work.
    const sole = indexWithBackground();
    sole.upsertRecord('item:b1', 'cluster:b', BATTERY, 'offer');
    sole.upsertRecord('cluster:c', 'cluster:c', BATTERY, 'profile');
    sole.upsertRecord('cluster:d', 'cluster:d', BATTERY, 'profile');
    const alone = sole.similarWork('cluster:me').get('cluster:b')!.score;

    const index = indexWithBackground();
    index.upsertRecord('item:b1', 'cluster:b', BATTERY, 'offer');
    index.upsertRecord('item:c1', 'cluster:c', BATTERY, 'offer');
    index.upsertRecord('item:d1', 'cluster:d', ` ${BATTERY.toUpperCase()} `, 'offer');
    const shared = index.similarWork('cluster:me');
    for (const party of ['cluster:b', 'cluster:c', 'cluster:d'])
      expect(shared.get(party)!.score).toBeCloseTo(alone / 3, 6);

    for (const party of ['c', 'd']) {
      index.removeRecord(`item:${party}1`);
      index.upsertRecord(`cluster:${party}`, `cluster:${party}`, BATTERY, 'profile');
    }
    expect(index.similarWork('cluster:me').get('cluster:b')!.score).toBeCloseTo(alone, 6);
  });

  it('names the record that counted most, and leaves profiles out', () => {
    const index = indexWithBackground();
    index.upsertRecord('cluster:a', 'cluster:a', BATTERY, 'profile');
    index.upsertRecord('item:a1', 'cluster:a', 'garment export fairs', 'offer');
    index.upsertRecord('item:a2', 'cluster:a', BATTERY, 'offer');
    index.upsertRecord('cluster:e', 'cluster:e', BATTERY, 'profile');
    const work = index.similarWork('cluster:me');
    expect(work.get('cluster:a')!.record).toBe('item:a2');
    expect(work.has('cluster:e')).toBe(false);
    expect(index.score(index.termsOf('cluster:me')).has('cluster:e')).toBe(true);
  });

  it('reads offers against the subject’s profile and needs, needs against its profile and offers', () => {
    const index = new PartyTextIndex();
    index.upsertRecord('cluster:me', 'cluster:me', 'tropical fruit cooperative', 'profile');
    index.upsertRecord('item:mine-need', 'cluster:me', 'cold chain logistics for mangoes', 'need');
    index.upsertRecord('item:mine-offer', 'cluster:me', 'dried mango export', 'offer');
    index.upsertRecord('item:answer', 'cluster:a', 'cold chain logistics for mangoes', 'offer');
    index.upsertRecord('item:buyer', 'cluster:b', 'dried mango export', 'need');
    index.upsertRecord('item:peer', 'cluster:c', 'dried mango export', 'offer');
    index.upsertRecord('item:rival', 'cluster:d', 'cold chain logistics for mangoes', 'need');
    const work = index.similarWork('cluster:me');
    expect([...work.keys()].sort()).toEqual(['cluster:a', 'cluster:b']);
    // The same text as a need and as an offer are two works: neither shares the other's score.
    expect(work.get('cluster:a')!.record).toBe('item:answer');
    expect(work.get('cluster:b')!.record).toBe('item:buyer');
  });

  it('counts only the records the rules admit, and forgets removed records entirely', () => {
    const index = indexWithBackground();
    index.upsertRecord('item:a1', 'cluster:a', BATTERY, 'offer');
    index.upsertRecord('item:b1', 'cluster:b', BATTERY, 'offer');
    index.upsertRecord('item:b2', 'cluster:b', 'lithium cathode materials pilot line', 'offer');
    const all = index.similarWork('cluster:me');
    // An expired offer, or one aimed at other economies: its party loses what it brought.
    const ruled = index.similarWork('cluster:me', {
      party: () => true,
      record: (r) => r !== 'item:a1' && r !== 'item:b1',
    });
    // A party the rules exclude (its economy, its cluster, dismissed): none of its work counts.
    expect(
      index
        .similarWork('cluster:me', { party: (p) => p !== 'cluster:b', record: () => true })
        .has('cluster:b'),
    ).toBe(false);
    expect(ruled.has('cluster:a')).toBe(false);
    expect(ruled.get('cluster:b')!.record).toBe('item:b2');
    expect(ruled.get('cluster:b')!.score).toBeLessThan(all.get('cluster:b')!.score);
    for (const r of ['item:a1', 'item:b1', 'item:b2']) index.removeRecord(r);
    expect(index.similarWork('cluster:me').size).toBe(0);
  });
});
