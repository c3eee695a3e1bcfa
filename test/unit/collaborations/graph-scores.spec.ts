import { CollaborationGraph } from '../../../src/collaborations/collaboration-graph';
import {
  adamicAdar,
  pastPartners,
  personalisedPageRank,
} from '../../../src/collaborations/graph-scores';

/**
 *   s ── a ── x        s worked with a (twice) and hub h; a worked with x; h worked with
 *   │         │        everyone (x, y, z, w). x is a partner of two of s's partners.
 *   h ── x, y, z, w
 */
function graph(): CollaborationGraph {
  const g = new CollaborationGraph();
  const put = (id: string, parties: string[], startDate = '2023-01-01') =>
    g.put({ id, title: id, startDate, parties });
  put('p1', ['s', 'a'], '2021-01-01');
  put('p2', ['s', 'a'], '2023-05-01');
  put('p3', ['s', 'h']);
  put('p4', ['a', 'x']);
  put('p5', ['h', 'x', 'y', 'z', 'w']);
  return g;
}

describe('collaboration graph', () => {
  it('links every pair of a collaboration, counts repeats, and forgets a removed one', () => {
    const g = graph();
    expect(g.neighbours('s').get('a')).toMatchObject({ count: 2 });
    expect(
      g
        .neighbours('s')
        .get('a')!
        .collaborations.map((c) => c.id),
    ).toEqual(['p2', 'p1']);
    expect(g.degree('h')).toBe(5);
    expect(g.collaborationsOf('s')).toEqual(['p1', 'p2', 'p3']);
    g.remove('p2');
    expect(g.neighbours('s').get('a')).toMatchObject({ count: 1 });
    g.remove('p1');
    expect(g.neighbours('s').has('a')).toBe(false);
    expect(g.collaborationsOf('s')).toEqual(['p3']);
  });
});

describe('graph scores', () => {
  it('Adamic–Adar: partners of partners, a hub counting less than a selective partner', () => {
    const aa = adamicAdar(graph(), 's');
    expect(aa.get('x')).toBeCloseTo(1 / Math.log(2) + 1 / Math.log(5));
    expect(aa.get('y')).toBeCloseTo(1 / Math.log(5));
    expect(aa.has('s')).toBe(false);
    expect([...aa.keys()].sort()).toEqual(['w', 'x', 'y', 'z']);
  });

  it('personalised PageRank: a probability distribution that favours the close and the selective', () => {
    const ppr = personalisedPageRank(graph(), 's');
    const total = [...ppr.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0.99);
    expect(total).toBeLessThanOrEqual(1.000001);
    expect(ppr.get('a')!).toBeGreaterThan(ppr.get('h')!);
    expect(ppr.get('x')!).toBeGreaterThan(ppr.get('y')!);
    const loner = personalisedPageRank(graph(), 'loner');
    expect([...loner.keys()]).toEqual(['loner']);
    expect(loner.get('loner')).toBeCloseTo(1);
  });

  it('past partners: by how often, then the latest', () => {
    const past = pastPartners(graph(), 's');
    expect([...past.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k)).toEqual(['a', 'h']);
  });
});
