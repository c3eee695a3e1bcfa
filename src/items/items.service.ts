import { Inject, Injectable } from '@nestjs/common';
import { managesItem } from '../auth/access-policy';
import { Principal } from '../auth/principal';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { FieldProblem, forbidden, invalidInput, notFound } from '../common/errors/domain-error';
import { Page, PageQuery, pageOf, toPageRequest } from '../common/http/pagination';
import { newId } from '../common/ids';
import { canonicalLanguages } from '../common/languages';
import { normalizeSearchText } from '../common/text';
import { EconomiesService } from '../economies/economies.service';
import { externalIdTaken } from '../infra/store-errors';
import { MembersRepository } from '../members/members.repository';
import { sectorFilterProblems, unknownSectorProblems } from '../sectors/sector-catalog';
import {
  CollaborationItem,
  ItemContent,
  ItemFilter,
  OwnerType,
  ValidityPolicy,
  isExpired,
  validityAfterChange,
  validityOf,
  sameItemContent,
} from './item';
import { CreateItemDto, ItemListQuery, UpdateItemDto } from './item.dto';
import { ItemsRepository } from './items.repository';

export type ItemView = CollaborationItem & { expired: boolean };

/** Where an item hangs: its cluster, its member (if a member owns it) and their economy. */
export interface ItemOwner {
  ownerType: OwnerType;
  clusterId: string;
  memberId: string | null;
  economy: string;
}

@Injectable()
export class ItemsService {
  constructor(
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(EconomiesService) private readonly economies: EconomiesService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get validity(): ValidityPolicy {
    return { today: this.clock.today(), ttlDays: this.config.items.ttlDays };
  }

  async create(p: Principal, input: CreateItemDto): Promise<ItemView> {
    const owner = await this.resolveOwner(input.ownerType, input.ownerId);
    if (!managesItem(p, owner))
      throw forbidden(
        'ITEM.CREATE_FORBIDDEN',
        `You may not post items for this ${input.ownerType}`,
      );
    const content = toItemContent(input, owner, this.validity);
    await this.check(content);
    const now = this.clock.nowIso();
    const item: CollaborationItem = {
      ...content,
      id: newId(),
      inferredSectors: [],
      createdAt: now,
      updatedAt: now,
    };
    await this.items.create(item);
    return this.view(item);
  }

  async get(id: string): Promise<ItemView> {
    return this.view(await this.find(id));
  }

  async list(query: ItemListQuery & PageQuery): Promise<Page<ItemView>> {
    const problems = sectorFilterProblems(query.sector);
    if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    const page = toPageRequest(query);
    const today = this.clock.today();
    const filter: ItemFilter = {
      clusterId: query.clusterId,
      memberId: query.memberId,
      ownerType: query.ownerType,
      economy: query.economy,
      kind: query.kind,
      area: query.area,
      sector: query.sector,
      text: query.text ? normalizeSearchText(query.text) : undefined,
      validOn: query.status === 'active' ? today : undefined,
      expiredBefore: query.status === 'expired' ? today : undefined,
    };
    const result = pageOf(await this.items.list(filter, page), page.limit);
    return { items: result.items.map((i) => this.view(i)), nextCursor: result.nextCursor };
  }

  async update(p: Principal, id: string, patch: UpdateItemDto): Promise<ItemView> {
    const existing = await this.find(id);
    if (!managesItem(p, existing))
      throw forbidden('ITEM.FORBIDDEN', 'You may not change this item');
    const { validUntil, ...rest } = patch;
    const defined = Object.fromEntries(
      Object.entries(rest).filter(([, v]) => v !== undefined),
    ) as Partial<ItemContent>;
    const content: ItemContent = {
      ...existing,
      ...defined,
      languages: canonicalLanguages(defined.languages ?? existing.languages),
      ...validityAfterChange(existing, validUntil, this.validity),
    };
    if (sameItemContent(existing, content)) return this.view(existing);
    await this.check(content, existing);
    const next: CollaborationItem = { ...existing, ...content, updatedAt: this.clock.nowIso() };
    await this.items.update(next);
    return this.view(next);
  }

  async delete(p: Principal, id: string): Promise<void> {
    const item = await this.find(id);
    if (!managesItem(p, item)) throw forbidden('ITEM.FORBIDDEN', 'You may not delete this item');
    await this.items.delete(id, this.clock.nowIso());
  }

  async find(id: string): Promise<CollaborationItem> {
    const item = await this.items.findById(id);
    if (!item) throw notFound('ITEM.NOT_FOUND', 'Collaboration item', id);
    return item;
  }

  view(item: CollaborationItem): ItemView {
    return { ...item, expired: isExpired(item, this.clock.today()) };
  }

  private async resolveOwner(ownerType: OwnerType, ownerId: string): Promise<ItemOwner> {
    if (ownerType === 'cluster') {
      const cluster = await this.clusters.findById(ownerId);
      if (cluster)
        return { ownerType, clusterId: cluster.id, memberId: null, economy: cluster.economy };
    } else {
      const member = await this.members.findById(ownerId);
      if (member)
        return {
          ownerType,
          clusterId: member.clusterId,
          memberId: member.id,
          economy: member.economy,
        };
    }
    throw invalidInput('VALIDATION.FAILED', [
      { field: 'ownerId', reason: `${ownerType} '${ownerId}' does not exist` },
    ]);
  }

  /** REST writes refuse dates in the past; imports may carry expired items (they never match). */
  private async check(content: ItemContent, existing?: CollaborationItem): Promise<void> {
    const problems: FieldProblem[] = [
      ...unknownSectorProblems(content.sectors),
      ...(await this.economies.unknownEconomyProblems(
        content.targetEconomies,
        'targetEconomies',
        true,
      )),
    ];
    if (content.validUntil !== existing?.validUntil && content.validUntil < this.clock.today()) {
      problems.push({ field: 'validUntil', reason: 'must not be in the past' });
    }
    if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    if (
      content.externalId &&
      content.externalId !== existing?.externalId &&
      (await this.items.findByExternalId(content.externalId))
    ) {
      throw externalIdTaken('item')();
    }
  }
}

export function toItemContent(
  input: Omit<CreateItemDto, 'ownerType' | 'ownerId'>,
  owner: ItemOwner,
  validity: ValidityPolicy,
): ItemContent {
  return {
    externalId: input.externalId ?? null,
    ownerType: owner.ownerType,
    clusterId: owner.clusterId,
    memberId: owner.memberId,
    economy: owner.economy,
    kind: input.kind,
    area: input.area,
    title: input.title,
    description: input.description,
    sectors: input.sectors ?? [],
    targetEconomies: [...new Set(input.targetEconomies ?? [])],
    languages: canonicalLanguages(input.languages),
    ...validityOf(input.validUntil, validity),
  };
}
