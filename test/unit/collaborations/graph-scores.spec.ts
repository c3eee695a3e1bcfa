import { CollaborationGraph } from '../../../src/collaborations/collaboration-graph';
import {
  PAGE_RANK_DEFAULTS,
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

  it('personalised PageRank on integer arrays gives exactly the textbook walk on maps, in the same order', () => {
    // The walk as first written: maps keyed by party and collaboration ids.
    const reference = (g: CollaborationGraph, subject: string) => {
      const { alpha, iterations, epsilon } = PAGE_RANK_DEFAULTS;
      const visits = new Map<string, number>();
      let mass = new Map<string, number>([[subject, 1]]);
      for (let t = 0; t < iterations && mass.size; t++) {
        const atCollaboration = new Map<string, number>();
        let dangling = 0;
        for (const [party, x] of mass) {
          visits.set(party, (visits.get(party) ?? 0) + alpha * x);
          const collaborations = g.collaborationsOf(party);
          if (!collaborations.length) {
            dangling += (1 - alpha) * x;
            continue;
          }
          const share = ((1 - alpha) * x) / collaborations.length;
          for (const c of collaborations)
            atCollaboration.set(c, (atCollaboration.get(c) ?? 0) + share);
        }
        const next = new Map<string, number>();
        if (dangling) next.set(subject, dangling);
        for (const [c, x] of atCollaboration) {
          const parties = g.partiesOf(c);
          const share = x / parties.length;
          if (share < epsilon) continue;
          for (const p of parties) next.set(p, (next.get(p) ?? 0) + share);
        }
        mass = next;
      }
      for (const [party, x] of mass) visits.set(party, (visits.get(party) ?? 0) + x);
      return visits;
    };
    let seed = 11;
    const next = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const g = new CollaborationGraph();
    for (let i = 0; i < 400; i++) {
      const size = 2 + Math.floor(next() * (next() < 0.1 ? 30 : 4));
      const parties = Array.from({ length: size }, () => `p${Math.floor(next() ** 2 * 300)}`);
      g.put({ id: `c${i}`, title: `c${i}`, startDate: '2022-01-01', parties });
    }
    for (let i = 0; i < 40; i += 1) g.remove(`c${i * 7}`);
    for (const subject of ['p0', 'p1', 'p17', 'p150', 'p299', 'nobody']) {
      const fast = personalisedPageRank(g, subject);
      const slow = reference(g, subject);
      expect([...fast.keys()]).toEqual([...slow.keys()]);
      for (const [party, x] of slow) expect(fast.get(party)).toBeCloseTo(x, 12);
    }
  });

  it('past partners: by how often, then the latest', () => {
    const past = pastPartners(graph(), 's');
    expect([...past.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k)).toEqual(['a', 'h']);
  });
});
