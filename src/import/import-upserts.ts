import { IntroductionsRepository } from '../introductions/introductions.repository';
import { ClusterEconomyFollowers } from '../clusters/cluster-economy-followers';
import { ImportCollaborationLine } from '../collaborations/collaboration.dto';
import { CollaborationsService } from '../collaborations/collaborations.service';
import { Cluster, ClusterContent, sameClusterContent } from '../clusters/cluster';
import { ClustersRepository } from '../clusters/clusters.repository';
import { FieldProblem } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { UpsertOutcome } from '../economies/economy';
import { CollaborationItem, ValidityPolicy, sameItemContent } from '../items/item';
import { ImportItemLine } from '../items/item.dto';
import { ItemsRepository } from '../items/items.repository';
import { ItemOwner, toItemContent } from '../items/items.service';
import { Member, sameMemberContent } from '../members/member';
import { ImportMemberLine } from '../members/member.dto';
import { MembersRepository } from '../members/members.repository';
import { toMemberContent } from '../members/members.service';

/** What one import line did: created, updated, unchanged — or why it was rejected. */
export type Outcome = UpsertOutcome | FieldProblem[];

/** The registry an import writes to (inside the batch's unit of work). */
export interface RegistryRepos {
  clusters: ClustersRepository;
  members: MembersRepository;
  items: ItemsRepository;
  followers: ClusterEconomyFollowers;
  /** An item line without validUntil gets a default validity from this. */
  validity: ValidityPolicy;
  collaborations: CollaborationsService;
  introductions: IntroductionsRepository;
}

const needsExternalId = (field = 'externalId'): FieldProblem[] => [
  { field, reason: 'is required in an import (records are upserted by it)' },
];

export async function upsertCluster(
  repos: RegistryRepos,
  content: ClusterContent,
  at: string,
): Promise<Outcome> {
  if (!content.externalId) return needsExternalId();
  const existing = await repos.clusters.findByExternalId(content.externalId);
  if (!existing) {
    await repos.clusters.create({
      ...content,
      id: newId(),
      inferredSectors: [],
      createdAt: at,
      updatedAt: at,
    });
    return 'created';
  }
  if (sameClusterContent(existing, content)) return 'unchanged';
  const next: Cluster = { ...existing, ...content, updatedAt: at };
  await repos.clusters.update(next);
  if (next.economy !== existing.economy) await repos.followers.follow(next.id, next.economy, at);
  return 'updated';
}

export async function upsertMember(
  repos: RegistryRepos,
  line: ImportMemberLine,
  at: string,
): Promise<Outcome> {
  if (!line.externalId) return needsExternalId();
  const cluster = await repos.clusters.findByExternalId(line.clusterExternalId);
  if (!cluster) {
    return [
      {
        field: 'clusterExternalId',
        reason: `no cluster has externalId '${line.clusterExternalId}' (a cluster must come before its members)`,
      },
    ];
  }
  const content = toMemberContent(line, cluster);
  const existing = await repos.members.findByExternalId(line.externalId);
  if (!existing) {
    await repos.members.create({
      ...content,
      id: newId(),
      inferredSectors: [],
      createdAt: at,
      updatedAt: at,
    });
    return 'created';
  }
  if (sameMemberContent(existing, content)) return 'unchanged';
  const next: Member = { ...existing, ...content, updatedAt: at };
  await repos.members.update(next);
  // The registry moved the member: its needs and offers carry its cluster and economy too.
  if (next.clusterId !== existing.clusterId || next.economy !== existing.economy)
    await repos.items.followMember(next.id, next.clusterId, next.economy, at);
  // …and whoever manages its cluster now answers for its introductions.
  if (next.clusterId !== existing.clusterId)
    await repos.introductions.followParty(`member:${next.id}`, next.clusterId);
  return 'updated';
}

export async function upsertItem(
  repos: RegistryRepos,
  line: ImportItemLine,
  at: string,
): Promise<Outcome> {
  if (!line.externalId) return needsExternalId();
  const owner = await resolveOwner(repos, line);
  if (Array.isArray(owner)) return owner;
  const content = toItemContent(line, owner, repos.validity);
  const existing = await repos.items.findByExternalId(line.externalId);
  if (!existing) {
    await repos.items.create({
      ...content,
      id: newId(),
      inferredSectors: [],
      createdAt: at,
      updatedAt: at,
    });
    return 'created';
  }
  if (sameItemContent(existing, content)) return 'unchanged';
  const next: CollaborationItem = { ...existing, ...content, updatedAt: at };
  await repos.items.update(next);
  return 'updated';
}

async function resolveOwner(
  repos: RegistryRepos,
  line: ImportItemLine,
): Promise<ItemOwner | FieldProblem[]> {
  const ref = line.ownerExternalId;
  const cluster =
    line.ownerType !== 'member' ? await repos.clusters.findByExternalId(ref) : undefined;
  const member =
    line.ownerType !== 'cluster' ? await repos.members.findByExternalId(ref) : undefined;
  if (cluster && member) {
    return [
      {
        field: 'ownerExternalId',
        reason: `both a cluster and a member have externalId '${ref}': add "ownerType"`,
      },
    ];
  }
  if (cluster)
    return {
      ownerType: 'cluster',
      clusterId: cluster.id,
      memberId: null,
      economy: cluster.economy,
    };
  if (member)
    return {
      ownerType: 'member',
      clusterId: member.clusterId,
      memberId: member.id,
      economy: member.economy,
    };
  const what = line.ownerType ?? 'cluster or member';
  return [
    {
      field: 'ownerExternalId',
      reason: `no ${what} has externalId '${ref}' (an owner must come before its items)`,
    },
  ];
}

/** A collaboration line: its parties are registry externalIds that must already be imported. */
export async function upsertCollaboration(
  repos: RegistryRepos,
  line: ImportCollaborationLine,
): Promise<Outcome> {
  if (!line.externalId) return needsExternalId();
  const result = await repos.collaborations.upsert(
    { ...line, parties: [], partyExternalIds: line.parties },
    'import',
    'parties',
  );
  return Array.isArray(result) ? result : result.outcome;
}
