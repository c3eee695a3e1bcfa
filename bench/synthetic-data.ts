/**
 * Synthetic clusters, members and needs/offers for the benchmarks: 200 topics, each with its own
 * 12-word vocabulary, so texts on one topic share words (the keyword channel and a bag-of-words
 * embedder see them as related) and texts on different topics share none. Deterministic for a
 * given random source.
 */
export const ECONOMIES = [
  'AU',
  'BN',
  'CA',
  'CL',
  'CN',
  'HK',
  'ID',
  'JP',
  'KR',
  'MY',
  'MX',
  'NZ',
  'PG',
  'PE',
  'PH',
  'RU',
  'SG',
  'TW',
  'TH',
  'US',
  'VN',
];
export const AREAS = ['trade', 'investment', 'joint_rd', 'hr_exchange', 'training', 'visibility'];
export const SECTORS = [
  '26',
  '27',
  '2610',
  '21',
  '10',
  '03',
  '62',
  '72',
  '29',
  '30',
  '01',
  '35',
  '13',
  '20',
  '28',
];
export const TOPICS = 200;

/** A seeded random source (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vocab = Array.from({ length: TOPICS }, (_, t) =>
  Array.from({ length: 12 }, (_, w) => `topic${t}term${w}`),
);

/** A record to import (one NDJSON line) and the topic its text is about. */
export interface SyntheticRecord {
  topic: number;
  line: Record<string, unknown> & { type: string; externalId: string };
}

/**
 * `clusters` clusters spread over the 21 economies, each with `membersPer` members; every cluster
 * and member owns `itemsPerParty` needs or offers on random topics.
 */
export function* syntheticRecords(
  next: () => number,
  clusters: number,
  membersPer: number,
  itemsPerParty: number,
): Generator<SyntheticRecord> {
  const words = (t: number, n: number) =>
    Array.from({ length: n }, () => vocab[t][Math.floor(next() * 12)]).join(' ');
  let item = 0;
  for (let c = 0; c < clusters; c++) {
    const economy = ECONOMIES[c % ECONOMIES.length];
    const topic = Math.floor(next() * TOPICS);
    yield {
      topic,
      line: {
        type: 'cluster',
        externalId: `c${c}`,
        name: `Cluster ${c} ${words(topic, 2)}`,
        economy,
        description: words(topic, 40),
        sectors: [SECTORS[topic % SECTORS.length]],
        languages: ['en'],
      },
    };
    const owners = [`c${c}`];
    for (let m = 0; m < membersPer; m++) {
      const mt = (topic + m) % TOPICS;
      owners.push(`m${c}-${m}`);
      yield {
        topic: mt,
        line: {
          type: 'member',
          externalId: `m${c}-${m}`,
          clusterExternalId: `c${c}`,
          name: `Member ${c}-${m}`,
          kind: 'sme',
          description: words(mt, 30),
          sectors: [SECTORS[mt % SECTORS.length]],
          languages: ['en'],
        },
      };
    }
    for (const owner of owners) {
      for (let i = 0; i < itemsPerParty; i++) {
        const t = Math.floor(next() * TOPICS);
        item += 1;
        yield {
          topic: t,
          line: {
            type: 'item',
            externalId: `i${item}`,
            ownerExternalId: owner,
            ownerType: owner.startsWith('c') ? 'cluster' : 'member',
            kind: next() < 0.5 ? 'need' : 'offer',
            area: AREAS[Math.floor(next() * AREAS.length)],
            title: words(t, 6),
            description: words(t, 40),
            sectors: [SECTORS[t % SECTORS.length]],
            targetEconomies: next() < 0.2 ? [ECONOMIES[Math.floor(next() * ECONOMIES.length)]] : [],
            languages: ['en'],
            validUntil: '2028-06-30',
          },
        };
      }
    }
  }
}
