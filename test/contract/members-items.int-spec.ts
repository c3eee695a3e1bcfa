import { aCluster, aMember, anItem, seedEconomies } from '../support/factories';
import { describeContract } from '../support/stores';

const page = { limit: 50 };
const AT = '2026-11-28T00:00:00.000Z';

describeContract('MembersRepository', (store) => {
  const cluster = aCluster({ economy: 'KR' });
  const other = aCluster({ economy: 'JP' });
  beforeEach(async () => {
    await seedEconomies(store());
    await store().clusters.create(cluster);
    await store().clusters.create(other);
  });

  it('stores a member and reads it back', async () => {
    const m = aMember(cluster, { kind: 'university', website: 'https://uni.example' });
    await store().members.create(m);
    expect(await store().members.findById(m.id)).toEqual(m);
    expect(await store().members.findByExternalId(m.externalId!)).toEqual(m);
    expect(await store().members.findByIds([m.id])).toEqual([m]);
    expect(await store().members.findHeadersByIds([m.id, 'missing'])).toEqual([
      { ...m, description: '' },
    ]);
  });

  it('filters by cluster, economy, kind, sector and text', async () => {
    const sme = aMember(cluster, { kind: 'sme', sectors: ['2610'], name: 'Suwon SiC Devices' });
    const uni = aMember(cluster, { kind: 'university', sectors: ['85'] });
    const jp = aMember(other, { kind: 'sme', sectors: ['2610'] });
    for (const m of [sme, uni, jp]) await store().members.create(m);
    const ids = async (f: object) => (await store().members.list(f, page)).map((m) => m.id).sort();
    expect(await ids({ clusterId: cluster.id })).toEqual([sme.id, uni.id].sort());
    expect(await ids({ economy: 'JP' })).toEqual([jp.id]);
    expect(await ids({ kind: 'university' })).toEqual([uni.id]);
    expect(await ids({ sector: '26' })).toEqual([sme.id, jp.id].sort());
    expect(await ids({ text: 'suwon sic' })).toEqual([sme.id]);
    expect(await ids({ clusterId: cluster.id, kind: 'sme' })).toEqual([sme.id]);
  });

  it('moves the members of a cluster to its new economy and records which', async () => {
    const a = aMember(cluster);
    const b = aMember(other);
    await store().members.create(a);
    await store().members.create(b);
    expect(await store().members.setEconomyOfCluster(cluster.id, 'CL', AT)).toEqual([a.id]);
    expect(await store().members.findById(a.id)).toMatchObject({ economy: 'CL', updatedAt: AT });
    expect(await store().members.findById(b.id)).toMatchObject({ economy: 'JP' });
  });

  it('deletes one member, or all of a cluster', async () => {
    const a = aMember(cluster);
    const b = aMember(cluster);
    const c = aMember(other);
    for (const m of [a, b, c]) await store().members.create(m);
    expect(await store().members.delete(c.id, AT)).toBe(true);
    expect((await store().members.deleteByCluster(cluster.id, AT)).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    expect(await store().members.count()).toBe(0);
  });
});

describeContract('ItemsRepository', (store) => {
  const cluster = aCluster({ economy: 'KR' });
  const other = aCluster({ economy: 'JP' });
  const member = aMember(cluster);
  beforeEach(async () => {
    await seedEconomies(store());
    await store().clusters.create(cluster);
    await store().clusters.create(other);
    await store().members.create(member);
  });

  it('stores cluster-owned and member-owned items', async () => {
    const own = anItem({ clusterId: cluster.id, economy: 'KR' });
    const mine = anItem(
      { clusterId: cluster.id, memberId: member.id, economy: 'KR' },
      { targetEconomies: [] },
    );
    await store().items.create(own);
    await store().items.create(mine);
    expect(await store().items.findById(own.id)).toEqual(own);
    expect(await store().items.findById(mine.id)).toEqual(mine);
    expect(await store().items.findByExternalId(mine.externalId!)).toEqual(mine);
  });

  it('filters by owner, kind, area, economy, sector, text and validity', async () => {
    const need = anItem(
      { clusterId: cluster.id, economy: 'KR' },
      { kind: 'need', area: 'joint_rd', validUntil: '2027-01-31' },
    );
    const offer = anItem(
      { clusterId: other.id, economy: 'JP' },
      { kind: 'offer', area: 'trade', sectors: ['1010'], title: 'Halal beef exports' },
    );
    const old = anItem(
      { clusterId: cluster.id, memberId: member.id, economy: 'KR' },
      { kind: 'offer', area: 'training', validUntil: '2026-06-30' },
    );
    for (const i of [need, offer, old]) await store().items.create(i);
    const ids = async (f: object) => (await store().items.list(f, page)).map((i) => i.id).sort();
    expect(await ids({ clusterId: cluster.id })).toEqual([need.id, old.id].sort());
    expect(await ids({ memberId: member.id })).toEqual([old.id]);
    expect(await ids({ ownerType: 'cluster' })).toEqual([need.id, offer.id].sort());
    expect(await ids({ kind: 'offer' })).toEqual([offer.id, old.id].sort());
    expect(await ids({ area: 'trade' })).toEqual([offer.id]);
    expect(await ids({ economy: 'JP' })).toEqual([offer.id]);
    expect(await ids({ sector: 'C' })).toEqual([need.id, offer.id, old.id].sort());
    expect(await ids({ sector: '10' })).toEqual([offer.id]);
    expect(await ids({ text: 'halal' })).toEqual([offer.id]);
    expect(await ids({ validOn: '2026-11-27' })).toEqual([need.id, offer.id].sort());
    expect(await ids({ expiredBefore: '2026-11-27' })).toEqual([old.id]);
    expect(await ids({ validOn: '2027-02-01' })).toEqual([offer.id]);
  });

  it('lists the valid items of a pool of owners in one read, everything but the description', async () => {
    const own = anItem({ clusterId: cluster.id, economy: 'KR' }, { validUntil: '2027-01-31' });
    const mine = anItem({ clusterId: cluster.id, memberId: member.id, economy: 'KR' });
    const expired = anItem({ clusterId: cluster.id, economy: 'KR' }, { validUntil: '2026-06-30' });
    const theirs = anItem({ clusterId: other.id, economy: 'JP' });
    for (const i of [own, mine, expired, theirs]) await store().items.create(i);
    const header = ({ description: _, ...rest }: typeof own) => rest;
    const sorted = <T extends { id: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.id.localeCompare(b.id));
    // A cluster's own items, not its members' (unless the member is asked for too).
    expect(
      sorted(
        await store().items.listForOwners(
          { clusterIds: [cluster.id], memberIds: [] },
          '2026-11-27',
        ),
      ),
    ).toEqual([header(own)]);
    expect(
      sorted(
        await store().items.listForOwners(
          { clusterIds: [cluster.id, other.id], memberIds: [member.id] },
          '2026-11-27',
        ),
      ),
    ).toEqual(sorted([own, mine, theirs].map(header)));
    expect(
      await store().items.listForOwners({ clusterIds: [], memberIds: [member.id] }, '2031-01-01'),
    ).toEqual([]);
  });

  it('deletes the items of a member, of a cluster (its own and its members’), and moves them with the cluster', async () => {
    const own = anItem({ clusterId: cluster.id, economy: 'KR' });
    const mine = anItem({ clusterId: cluster.id, memberId: member.id, economy: 'KR' });
    const theirs = anItem({ clusterId: other.id, economy: 'JP' });
    for (const i of [own, mine, theirs]) await store().items.create(i);
    expect((await store().items.setEconomyOfCluster(cluster.id, 'CL', AT)).sort()).toEqual(
      [own.id, mine.id].sort(),
    );
    expect(await store().items.findById(mine.id)).toMatchObject({ economy: 'CL' });
    expect(await store().items.deleteByMember(member.id, AT)).toEqual([mine.id]);
    expect(await store().items.deleteByCluster(cluster.id, AT)).toEqual([own.id]);
    expect((await store().items.list({}, page)).map((i) => i.id)).toEqual([theirs.id]);
  });

  it('moves a member’s items to its new cluster and economy, recording each change', async () => {
    const mine = anItem({ clusterId: cluster.id, memberId: member.id, economy: 'KR' });
    const own = anItem({ clusterId: cluster.id, economy: 'KR' });
    for (const i of [mine, own]) await store().items.create(i);
    const before = await store().changes.head();
    expect(await store().items.followMember(member.id, other.id, 'JP', AT)).toEqual([mine.id]);
    expect(await store().items.findById(mine.id)).toMatchObject({
      clusterId: other.id,
      economy: 'JP',
      updatedAt: AT,
    });
    expect(await store().items.findById(own.id)).toMatchObject({ clusterId: cluster.id });
    expect((await store().changes.readAfter(before, 10)).map((c) => c.entityId)).toEqual([mine.id]);
  });
});
