import { Inject, Injectable } from '@nestjs/common';
import {
  managesCluster,
  registryIdentityIsOperators,
  seesClusterContacts,
} from '../auth/access-policy';
import { Principal, isOperator } from '../auth/principal';
import { Clock } from '../common/clock/clock';
import { FieldProblem, forbidden, invalidInput, notFound } from '../common/errors/domain-error';
import { Page, PageQuery, pageOf, toPageRequest } from '../common/http/pagination';
import { newId } from '../common/ids';
import { canonicalLanguages } from '../common/languages';
import { normalizeSearchText } from '../common/text';
import { EconomiesService } from '../economies/economies.service';
import { externalIdTaken } from '../infra/store-errors';
import { UnitOfWork } from '../infra/unit-of-work';
import { sectorFilterProblems, unknownSectorProblems } from '../sectors/sector-catalog';
import { withoutContacts } from '../profiles/profile';
import { Cluster, ClusterContent, ClusterFilter, sameClusterContent } from './cluster';
import { ClusterEconomyFollowers } from './cluster-economy-followers';
import { CreateClusterDto, UpdateClusterDto } from './cluster.dto';
import { ClustersRepository } from './clusters.repository';

export type ClusterView = Omit<Cluster, 'contactName' | 'contactEmail'> &
  Partial<Pick<Cluster, 'contactName' | 'contactEmail'>>;

@Injectable()
export class ClustersService {
  constructor(
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(EconomiesService) private readonly economies: EconomiesService,
    @Inject(ClusterEconomyFollowers) private readonly followers: ClusterEconomyFollowers,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(p: Principal, input: CreateClusterDto): Promise<ClusterView> {
    if (!isOperator(p))
      throw forbidden('CLUSTER.CREATE_FORBIDDEN', 'Only operators create clusters');
    const content = toClusterContent(input);
    await this.check(content);
    const now = this.clock.nowIso();
    const cluster: Cluster = {
      ...content,
      id: newId(),
      inferredSectors: [],
      createdAt: now,
      updatedAt: now,
    };
    await this.clusters.create(cluster);
    return this.view(p, cluster);
  }

  async get(p: Principal, id: string): Promise<ClusterView> {
    return this.view(p, await this.find(id));
  }

  async list(p: Principal, query: ClusterFilter & PageQuery): Promise<Page<ClusterView>> {
    const problems = sectorFilterProblems(query.sector);
    if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    const page = toPageRequest(query);
    const filter: ClusterFilter = {
      economy: query.economy,
      sector: query.sector,
      text: query.text ? normalizeSearchText(query.text) : undefined,
    };
    const result = pageOf(await this.clusters.list(filter, page), page.limit);
    return { items: result.items.map((c) => this.view(p, c)), nextCursor: result.nextCursor };
  }

  async update(p: Principal, id: string, patch: UpdateClusterDto): Promise<ClusterView> {
    const existing = await this.find(id);
    if (!managesCluster(p, id))
      throw forbidden('CLUSTER.FORBIDDEN', 'You do not manage this cluster');
    const content = applyClusterPatch(existing, patch);
    if (sameClusterContent(existing, content)) return this.view(p, existing);
    registryIdentityIsOperators(p, content.externalId, existing.externalId);
    if (content.economy !== existing.economy && !isOperator(p))
      throw forbidden(
        'CLUSTER.ECONOMY_OPERATOR_ONLY',
        "Only operators may change a cluster's economy (field economy)",
      );
    await this.check(content, existing);
    const now = this.clock.nowIso();
    const next: Cluster = { ...existing, ...content, updatedAt: now };
    if (next.economy === existing.economy) {
      await this.clusters.update(next);
    } else {
      // Members and items carry their cluster's economy: they move with it, atomically.
      await this.uow.run(async () => {
        await this.clusters.update(next);
        await this.followers.follow(id, next.economy, now);
      });
    }
    return this.view(p, next);
  }

  async find(id: string): Promise<Cluster> {
    const cluster = await this.clusters.findById(id);
    if (!cluster) throw notFound('CLUSTER.NOT_FOUND', 'Cluster', id);
    return cluster;
  }

  view(p: Principal, cluster: Cluster): ClusterView {
    return seesClusterContacts(p, cluster.id) ? cluster : withoutContacts(cluster);
  }

  private async check(content: ClusterContent, existing?: Cluster): Promise<void> {
    const problems: FieldProblem[] = [...unknownSectorProblems(content.sectors)];
    if (content.economy !== existing?.economy)
      problems.push(
        ...(await this.economies.unknownEconomyProblems([content.economy], 'economy', false)),
      );
    if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    if (
      content.externalId &&
      content.externalId !== existing?.externalId &&
      (await this.clusters.findByExternalId(content.externalId))
    ) {
      throw externalIdTaken('cluster')();
    }
  }
}

export function toClusterContent(input: CreateClusterDto): ClusterContent {
  return {
    externalId: input.externalId ?? null,
    name: input.name,
    economy: input.economy,
    region: input.region ?? null,
    description: input.description,
    sectors: input.sectors ?? [],
    technologies: input.technologies ?? [],
    languages: canonicalLanguages(input.languages),
    website: input.website ?? null,
    contactName: input.contactName ?? null,
    contactEmail: input.contactEmail ?? null,
    memberCount: input.memberCount ?? null,
  };
}

/** The content after a PATCH: absent fields are kept, `null` clears an optional field. */
export function applyClusterPatch(
  existing: ClusterContent,
  patch: UpdateClusterDto,
): ClusterContent {
  const defined = Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as Partial<ClusterContent>;
  const next = { ...existing, ...defined };
  return {
    ...next,
    languages: canonicalLanguages(next.languages),
    technologies: next.technologies ?? [],
  };
}
