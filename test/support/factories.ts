import { Cluster } from '../../src/clusters/cluster';
import { newId } from '../../src/common/ids';
import { CollaborationItem } from '../../src/items/item';
import { Member } from '../../src/members/member';

const NOW = '2026-11-27T10:00:00.000Z';
let counter = 0;
const next = () => (counter += 1);

export function aCluster(overrides: Partial<Cluster> = {}): Cluster {
  const n = next();
  return {
    id: newId(),
    externalId: `c-${n}`,
    name: `Cluster ${n}`,
    economy: 'KR',
    region: 'Gyeonggi',
    description: 'Power semiconductor cluster working on SiC power modules',
    sectors: ['26'],
    technologies: ['power semiconductors'],
    languages: ['ko', 'en'],
    website: 'https://cluster.example',
    contactName: 'Kim Contact',
    contactEmail: `contact${n}@cluster.example`,
    memberCount: 120,
    inferredSectors: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export function aMember(
  cluster: Pick<Cluster, 'id' | 'economy'>,
  overrides: Partial<Member> = {},
): Member {
  const n = next();
  return {
    id: newId(),
    externalId: `m-${n}`,
    clusterId: cluster.id,
    economy: cluster.economy,
    name: `Member ${n}`,
    kind: 'sme',
    description: 'SME making SiC wafers',
    sectors: ['2610'],
    technologies: ['SiC wafers'],
    languages: ['en'],
    website: null,
    contactName: null,
    contactEmail: `m${n}@member.example`,
    inferredSectors: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export function anItem(
  owner: { clusterId: string; memberId?: string | null; economy: string },
  overrides: Partial<CollaborationItem> = {},
): CollaborationItem {
  const n = next();
  return {
    id: newId(),
    externalId: `i-${n}`,
    ownerType: owner.memberId ? 'member' : 'cluster',
    clusterId: owner.clusterId,
    memberId: owner.memberId ?? null,
    economy: owner.economy,
    kind: 'need',
    area: 'joint_rd',
    title: `Pilot line for SiC power modules ${n}`,
    description: 'We look for a partner with a SiC pilot line',
    sectors: ['26'],
    targetEconomies: ['JP'],
    languages: ['en'],
    validUntil: '2027-06-30',
    validUntilDefault: false,
    inferredSectors: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export const APEC_SAMPLE = [
  { code: 'KR', name: 'Republic of Korea', languages: ['ko'], timezone: 'Asia/Seoul', apec: true },
  { code: 'JP', name: 'Japan', languages: ['ja'], timezone: 'Asia/Tokyo', apec: true },
  { code: 'CL', name: 'Chile', languages: ['es'], timezone: 'America/Santiago', apec: true },
];

/** A store with the sample economies, as every contract test starts. */
export async function seedEconomies(store: {
  economies: { upsert(e: (typeof APEC_SAMPLE)[number], at: string): Promise<unknown> };
}) {
  for (const e of APEC_SAMPLE) await store.economies.upsert(e, NOW);
}
