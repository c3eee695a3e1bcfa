import { Inject, Injectable } from '@nestjs/common';
import {
  managesCluster,
  managesMember,
  registryIdentityIsOperators,
  seesMemberContacts,
} from '../auth/access-policy';
import { Principal } from '../auth/principal';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { forbidden, invalidInput, notFound } from '../common/errors/domain-error';
import { Page, PageQuery, pageOf, toPageRequest } from '../common/http/pagination';
import { newId } from '../common/ids';
import { canonicalLanguages } from '../common/languages';
import { normalizeSearchText } from '../common/text';
import { externalIdTaken } from '../infra/store-errors';
import { sectorFilterProblems, unknownSectorProblems } from '../sectors/sector-catalog';
import { withoutContacts } from '../profiles/profile';
import { Member, MemberContent, MemberFilter, sameMemberContent } from './member';
import { CreateMemberDto, UpdateMemberDto } from './member.dto';
import { MembersRepository } from './members.repository';

export type MemberView = Omit<Member, 'contactName' | 'contactEmail'> &
  Partial<Pick<Member, 'contactName' | 'contactEmail'>>;

@Injectable()
export class MembersService {
  constructor(
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(p: Principal, input: CreateMemberDto): Promise<MemberView> {
    const cluster = await this.clusters.findById(input.clusterId);
    if (!cluster)
      throw invalidInput('VALIDATION.FAILED', [
        { field: 'clusterId', reason: `cluster '${input.clusterId}' does not exist` },
      ]);
    if (!managesCluster(p, cluster.id))
      throw forbidden('MEMBER.CREATE_FORBIDDEN', 'You do not manage this cluster');
    const content = toMemberContent(input, { id: cluster.id, economy: cluster.economy });
    registryIdentityIsOperators(p, content.externalId, null);
    await this.check(content);
    const now = this.clock.nowIso();
    const member: Member = {
      ...content,
      id: newId(),
      inferredSectors: [],
      createdAt: now,
      updatedAt: now,
    };
    await this.members.create(member);
    return this.view(p, member);
  }

  async get(p: Principal, id: string): Promise<MemberView> {
    return this.view(p, await this.find(id));
  }

  async list(p: Principal, query: MemberFilter & PageQuery): Promise<Page<MemberView>> {
    const problems = sectorFilterProblems(query.sector);
    if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    const page = toPageRequest(query);
    const filter: MemberFilter = {
      clusterId: query.clusterId,
      economy: query.economy,
      kind: query.kind,
      sector: query.sector,
      text: query.text ? normalizeSearchText(query.text) : undefined,
    };
    const result = pageOf(await this.members.list(filter, page), page.limit);
    return { items: result.items.map((m) => this.view(p, m)), nextCursor: result.nextCursor };
  }

  async update(p: Principal, id: string, patch: UpdateMemberDto): Promise<MemberView> {
    const existing = await this.find(id);
    if (!managesMember(p, { clusterId: existing.clusterId, memberId: existing.id })) {
      throw forbidden('MEMBER.FORBIDDEN', 'You may not change this member');
    }
    const defined = Object.fromEntries(
      Object.entries(patch).filter(([, v]) => v !== undefined),
    ) as Partial<MemberContent>;
    const content: MemberContent = {
      ...existing,
      ...defined,
      languages: canonicalLanguages(defined.languages ?? existing.languages),
    };
    if (sameMemberContent(existing, content)) return this.view(p, existing);
    registryIdentityIsOperators(p, content.externalId, existing.externalId);
    await this.check(content, existing);
    const next: Member = { ...existing, ...content, updatedAt: this.clock.nowIso() };
    await this.members.update(next);
    return this.view(p, next);
  }

  async find(id: string): Promise<Member> {
    const member = await this.members.findById(id);
    if (!member) throw notFound('MEMBER.NOT_FOUND', 'Member', id);
    return member;
  }

  view(p: Principal, member: Member): MemberView {
    return seesMemberContacts(p, member) ? member : withoutContacts(member);
  }

  private async check(content: MemberContent, existing?: Member): Promise<void> {
    const problems = unknownSectorProblems(content.sectors);
    if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    if (
      content.externalId &&
      content.externalId !== existing?.externalId &&
      ((await this.members.findByExternalId(content.externalId)) ||
        (await this.clusters.findByExternalId(content.externalId)))
    ) {
      throw externalIdTaken('member')();
    }
  }
}

export function toMemberContent(
  input: Omit<CreateMemberDto, 'clusterId'>,
  cluster: { id: string; economy: string },
): MemberContent {
  return {
    externalId: input.externalId ?? null,
    clusterId: cluster.id,
    economy: cluster.economy,
    name: input.name,
    kind: input.kind,
    description: input.description,
    sectors: input.sectors ?? [],
    technologies: input.technologies ?? [],
    languages: canonicalLanguages(input.languages),
    website: input.website ?? null,
    contactName: input.contactName ?? null,
    contactEmail: input.contactEmail ?? null,
  };
}
