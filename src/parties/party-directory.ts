import { Inject, Injectable } from '@nestjs/common';
import { Cluster } from '../clusters/cluster';
import { ClustersRepository } from '../clusters/clusters.repository';
import { ItemHeader } from '../items/item';
import { ItemsRepository } from '../items/items.repository';
import { Member } from '../members/member';
import { MembersRepository } from '../members/members.repository';
import { Party, parsePartyKey } from './party';

const PAGE = 500;
/** A `validOn` before any item's expiry: every item, expired or not. */
const EVER = '0000-01-01';

/**
 * Answers "who is this party" for every feature (matching, suggestions, digests, introductions,
 * privacy): a cluster or member by its key, many at once in one read per kind, every party in
 * pages, and the active needs and offers of a pool of parties.
 */
@Injectable()
export class PartyDirectory {
  constructor(
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
  ) {}

  async find(key: string): Promise<Party | undefined> {
    const ref = parsePartyKey(key);
    if (!ref) return undefined;
    if (ref.type === 'cluster') {
      const [c] = await this.clusters.findHeadersByIds([ref.id]);
      return c && clusterParty(c);
    }
    const [m] = await this.members.findHeadersByIds([ref.id]);
    return m && memberParty(m);
  }

  /** The party a registry knows by this externalId: a cluster first, then a member. */
  async findByExternalId(
    externalId: string,
    type?: 'cluster' | 'member',
  ): Promise<Party | undefined> {
    if (type !== 'member') {
      const c = await this.clusters.findByExternalId(externalId);
      if (c) return clusterParty(c);
    }
    if (type !== 'cluster') {
      const m = await this.members.findByExternalId(externalId);
      if (m) return memberParty(m);
    }
    return undefined;
  }

  /** The parties among `keys` that exist, by key: one read per kind. */
  async findMany(keys: readonly string[]): Promise<Map<string, Party>> {
    const ids = { cluster: [] as string[], member: [] as string[] };
    for (const key of new Set(keys)) {
      const ref = parsePartyKey(key);
      if (ref) ids[ref.type].push(ref.id);
    }
    const [clusters, members] = await Promise.all([
      ids.cluster.length ? this.clusters.findHeadersByIds(ids.cluster) : [],
      ids.member.length ? this.members.findHeadersByIds(ids.member) : [],
    ]);
    const found = new Map<string, Party>();
    for (const c of clusters) found.set(`cluster:${c.id}`, clusterParty(c));
    for (const m of members) found.set(`member:${m.id}`, memberParty(m));
    return found;
  }

  /** Every party, clusters first, a page at a time. */
  async *pages(pageSize = PAGE): AsyncGenerator<Party[]> {
    yield* pagesOf(
      (after) => this.clusters.list({}, { limit: pageSize, after }),
      clusterParty,
      pageSize,
    );
    yield* pagesOf(
      (after) => this.members.list({}, { limit: pageSize, after }),
      memberParty,
      pageSize,
    );
  }

  /**
   * The needs and offers valid on `validOn` of each party, without descriptions: one read for the
   * whole pool.
   */
  async activeItems(keys: readonly string[], validOn: string): Promise<Map<string, ItemHeader[]>> {
    const owners = { clusterIds: [] as string[], memberIds: [] as string[] };
    for (const key of new Set(keys)) {
      const ref = parsePartyKey(key);
      if (ref) (ref.type === 'cluster' ? owners.clusterIds : owners.memberIds).push(ref.id);
    }
    const byOwner = new Map<string, ItemHeader[]>(keys.map((k) => [k, []]));
    if (!owners.clusterIds.length && !owners.memberIds.length) return byOwner;
    for (const item of await this.items.listForOwners(owners, validOn)) {
      const owner = item.memberId ? `member:${item.memberId}` : `cluster:${item.clusterId}`;
      byOwner.get(owner)?.push(item);
    }
    return byOwner;
  }

  /** When the party or one of its own needs and offers (expired ones too) last changed. */
  async lastChanged(party: Party): Promise<string> {
    const items = await this.items.listForOwners(
      party.type === 'cluster'
        ? { clusterIds: [party.id], memberIds: [] }
        : { clusterIds: [], memberIds: [party.id] },
      EVER,
    );
    return [party.updatedAt, ...items.map((i) => i.updatedAt)].sort().at(-1)!;
  }
}

async function* pagesOf<T extends { id: string }>(
  list: (after?: string) => Promise<T[]>,
  toParty: (record: T) => Party,
  pageSize: number,
): AsyncGenerator<Party[]> {
  let after: string | undefined;
  for (;;) {
    const page = (await list(after)).slice(0, pageSize);
    if (!page.length) return;
    yield page.map(toParty);
    after = page[page.length - 1].id;
  }
}

function clusterParty(c: Cluster): Party {
  return {
    key: `cluster:${c.id}`,
    type: 'cluster',
    id: c.id,
    name: c.name,
    economy: c.economy,
    clusterId: c.id,
    sectors: c.sectors,
    inferredSectors: c.inferredSectors,
    languages: c.languages,
    region: c.region,
    kind: null,
    website: c.website,
    contactName: c.contactName,
    contactEmail: c.contactEmail,
    updatedAt: c.updatedAt,
  };
}

function memberParty(m: Member): Party {
  return {
    key: `member:${m.id}`,
    type: 'member',
    id: m.id,
    name: m.name,
    economy: m.economy,
    clusterId: m.clusterId,
    sectors: m.sectors,
    inferredSectors: m.inferredSectors,
    languages: m.languages,
    region: null,
    kind: m.kind,
    website: m.website,
    contactName: m.contactName,
    contactEmail: m.contactEmail,
    updatedAt: m.updatedAt,
  };
}
