/** A small NDJSON data set with complementary needs and offers across economies, for pipeline tests. */
const ECONOMIES = ['KR', 'JP', 'CL', 'VN', 'MX', 'AU'];
const THEMES = [
  ['SiC power modules', 'Pilot line for SiC power modules', 'SiC wafer foundry services'],
  [
    'lithium hydroxide',
    'Battery-grade lithium hydroxide supply',
    'Lithium hydroxide refining capacity',
  ],
  ['salmon aquaculture', 'Salmon feed for aquaculture farms', 'Sustainable salmon feed production'],
  [
    'halal certification',
    'Halal certification training',
    'Halal certification courses for exporters',
  ],
];

export function dataset(clustersPerEconomy = 2, membersPerCluster = 1): string {
  const lines: object[] = [];
  for (const [e, economy] of ECONOMIES.entries()) {
    for (let c = 0; c < clustersPerEconomy; c++) {
      const [topic, need] = THEMES[(e + c) % THEMES.length];
      const id = `ds-${economy}-${c}`;
      lines.push({
        type: 'cluster',
        externalId: id,
        name: `${economy} ${topic} cluster ${c}`,
        economy,
        description: `Cluster working on ${topic}`,
        sectors: ['26'],
        languages: ['en'],
        contactEmail: `${id}@cluster.example`,
      });
      lines.push({
        type: 'item',
        externalId: `${id}-need`,
        ownerExternalId: id,
        kind: 'need',
        area: 'joint_rd',
        title: need,
        description: `We need ${topic} partners`,
        sectors: ['26'],
        validUntil: '2030-01-01',
      });
      lines.push({
        type: 'item',
        externalId: `${id}-offer`,
        ownerExternalId: id,
        kind: 'offer',
        area: 'joint_rd',
        title: THEMES[(e + c + 1) % THEMES.length][2],
        description: `We offer ${THEMES[(e + c + 1) % THEMES.length][0]}`,
        sectors: ['26'],
        validUntil: '2030-01-01',
      });
      for (let m = 0; m < membersPerCluster; m++) {
        lines.push({
          type: 'member',
          externalId: `${id}-m${m}`,
          clusterExternalId: id,
          name: `${economy} member ${c}-${m}`,
          kind: 'sme',
          description: `SME in ${topic}`,
          sectors: ['26'],
          contactEmail: `${id}-m${m}@member.example`,
        });
      }
    }
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}
