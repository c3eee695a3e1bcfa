import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { managesCluster, managesMember } from '../auth/access-policy';
import { Principal } from '../auth/principal';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { forbidden, invalidInput, notFound } from '../common/errors/domain-error';
import { Page } from '../common/http/pagination';
import { CriteriaService } from '../criteria/criteria.service';
import { DigestsRepository } from '../digests/digests.repository';
import { EconomiesService } from '../economies/economies.service';
import { ChangeFeed } from '../infra/change-feed';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';
import { MatchCriteria } from '../matching/criteria';
import { registerEconomyNames } from '../matching/explain';
import { MatchingEngine } from '../matching/matching-engine';
import {
  Feedback,
  FeedbackStatus,
  Suggestion,
  SuggestionList,
  SuggestionStatus,
  suggestionId,
} from './suggestion';
import {
  FeedbackRepository,
  SuggestionFilter,
  SuggestionsRepository,
} from './suggestions.repository';

/** A list older than this is recomputed when read (the worker keeps lists fresh before that). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface PartnerSummary {
  type: 'cluster' | 'member';
  id: string;
  name: string;
  economy: string;
  clusterId: string;
  sectors: string[];
  region?: string | null;
  kind?: string;
}

export type SuggestionView = Omit<
  Suggestion,
  'subjectKey' | 'partnerKey' | 'partnerEconomy' | 'areas'
> & {
  partner: PartnerSummary;
  areas: string[];
  status: SuggestionStatus;
};

@Injectable()
export class SuggestionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SuggestionsService.name);

  constructor(
    @Inject(MatchingEngine) private readonly engine: MatchingEngine,
    @Inject(CriteriaService) private readonly criteria: CriteriaService,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(EconomiesService) private readonly economies: EconomiesService,
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    registerEconomyNames(
      Object.fromEntries((await this.economies.list()).map((e) => [e.code, e.name])),
    );
  }

  /** The subject's suggestions, computed first when missing or stale. */
  async listFor(
    p: Principal,
    subjectKey: string,
    filter: SuggestionFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<SuggestionView>> {
    await this.authorize(p, subjectKey);
    await this.ensureFresh(subjectKey);
    const afterRank = page.cursor ? decodeRankCursor(page.cursor) : 0;
    const rows = await this.suggestions.list(subjectKey, filter, { limit: page.limit, afterRank });
    const items = rows.slice(0, page.limit);
    // 'seen' once a digest carried it; what the subject said about it wins.
    const statuses = new Map<string, SuggestionStatus>(
      [...(await this.digests.sentPartners(subjectKey))].map((k) => [k, 'seen']),
    );
    for (const f of await this.feedback.forSubject(subjectKey))
      statuses.set(f.partnerKey, f.status);
    const partners = await this.partners(items.map((s) => s.partnerKey));
    const views = items
      .filter((s) => partners.has(s.partnerKey))
      .map((s) => this.view(s, partners.get(s.partnerKey)!, statuses.get(s.partnerKey)));
    return {
      items: views,
      nextCursor: rows.length > page.limit ? encodeRankCursor(items[items.length - 1].rank) : null,
    };
  }

  /** Recomputes when there is no list, the active criteria changed, the subject changed, or it is old. */
  async ensureFresh(subjectKey: string): Promise<SuggestionList> {
    const [list, active, subjectUpdatedAt] = await Promise.all([
      this.suggestions.findList(subjectKey),
      this.criteria.active(),
      this.subjectUpdatedAt(subjectKey),
    ]);
    const stale =
      !list ||
      list.criteriaVersion !== active.version ||
      subjectUpdatedAt > list.computedAt ||
      this.clock.now().getTime() - Date.parse(list.computedAt) > MAX_AGE_MS;
    return stale ? this.recompute(subjectKey, active) : list;
  }

  /** Computes and stores the subject's list with the given (default: active) criteria. */
  async recompute(subjectKey: string, criteria?: MatchCriteria): Promise<SuggestionList> {
    const active = criteria ?? (await this.criteria.active());
    const changeSeq = await this.changes.head();
    const run = await this.engine.match(subjectKey, active);
    const computedAt = this.clock.nowIso();
    const suggestions: Suggestion[] = run.matches.map((m, i) => ({
      id: suggestionId(subjectKey, m.partner.key),
      subjectKey,
      partnerKey: m.partner.key,
      partnerEconomy: m.partner.economy,
      rank: i + 1,
      score: m.scored.score,
      parts: m.scored.parts,
      reason: m.reason,
      evidence: m.scored.pairs,
      areas: m.areas,
      criteriaVersion: active.version,
      computedAt,
    }));
    const list: SuggestionList = {
      subjectKey,
      criteriaVersion: active.version,
      computedAt,
      changeSeq,
      size: suggestions.length,
    };
    await this.suggestions.replaceList(list, suggestions);
    return list;
  }

  /** What the subject says about a suggested partner; it shows on reads and changes the next ranking. */
  async giveFeedback(
    p: Principal,
    suggestionId: string,
    status: FeedbackStatus,
    reason: string | null,
  ): Promise<Feedback> {
    const suggestion = await this.suggestions.findById(suggestionId);
    if (!suggestion) throw notFound('SUGGESTION.NOT_FOUND', 'Suggestion', suggestionId);
    await this.authorize(p, suggestion.subjectKey);
    const feedback: Feedback = {
      subjectKey: suggestion.subjectKey,
      partnerKey: suggestion.partnerKey,
      status,
      reason,
      actor: p.keyId,
      at: this.clock.nowIso(),
    };
    await this.feedback.upsert(feedback);
    return feedback;
  }

  async authorize(p: Principal, subjectKey: string): Promise<void> {
    const [type, id] = splitKey(subjectKey);
    if (type === 'cluster') {
      if (!(await this.clusters.findById(id))) throw notFound('CLUSTER.NOT_FOUND', 'Cluster', id);
      if (!managesCluster(p, id))
        throw forbidden(
          'SUGGESTIONS.FORBIDDEN',
          'Only the cluster’s managers and operators see its suggestions',
        );
    } else {
      const member = await this.members.findById(id);
      if (!member) throw notFound('MEMBER.NOT_FOUND', 'Member', id);
      if (!managesMember(p, { clusterId: member.clusterId, memberId: member.id })) {
        throw forbidden(
          'SUGGESTIONS.FORBIDDEN',
          'Only the member, its cluster’s managers and operators see its suggestions',
        );
      }
    }
  }

  /** When the subject or one of its own needs and offers last changed. */
  private async subjectUpdatedAt(subjectKey: string): Promise<string> {
    const [type, id] = splitKey(subjectKey);
    const record =
      type === 'cluster' ? await this.clusters.findById(id) : await this.members.findById(id);
    if (!record)
      throw notFound(
        type === 'cluster' ? 'CLUSTER.NOT_FOUND' : 'MEMBER.NOT_FOUND',
        type === 'cluster' ? 'Cluster' : 'Member',
        id,
      );
    const items = await this.items.list(
      type === 'cluster' ? { clusterId: id, ownerType: 'cluster' } : { memberId: id },
      { limit: 500 },
    );
    return [record.updatedAt, ...items.map((i) => i.updatedAt)].sort().at(-1)!;
  }

  /** Public profile fields of the suggested partners (contact fields never travel in suggestions). */
  partnerSummaries(keys: string[]): Promise<Map<string, PartnerSummary>> {
    return this.partners(keys);
  }

  private async partners(keys: string[]): Promise<Map<string, PartnerSummary>> {
    const ids = (type: string) =>
      keys.filter((k) => k.startsWith(`${type}:`)).map((k) => k.slice(type.length + 1));
    const out = new Map<string, PartnerSummary>();
    for (const c of await this.clusters.findByIds(ids('cluster'))) {
      out.set(`cluster:${c.id}`, {
        type: 'cluster',
        id: c.id,
        name: c.name,
        economy: c.economy,
        clusterId: c.id,
        sectors: c.sectors,
        region: c.region,
      });
    }
    for (const m of await this.members.findByIds(ids('member'))) {
      out.set(`member:${m.id}`, {
        type: 'member',
        id: m.id,
        name: m.name,
        economy: m.economy,
        clusterId: m.clusterId,
        sectors: m.sectors,
        kind: m.kind,
      });
    }
    return out;
  }

  private view(
    s: Suggestion,
    partner: PartnerSummary,
    status: SuggestionStatus | undefined,
  ): SuggestionView {
    return {
      id: s.id,
      rank: s.rank,
      score: s.score,
      partner,
      reason: s.reason,
      parts: s.parts,
      evidence: s.evidence,
      areas: s.areas,
      criteriaVersion: s.criteriaVersion,
      computedAt: s.computedAt,
      status: status ?? 'new',
    };
  }
}

export function splitKey(key: string): ['cluster' | 'member', string] {
  const at = key.indexOf(':');
  const type = key.slice(0, at);
  if (type !== 'cluster' && type !== 'member')
    throw invalidInput('VALIDATION.FAILED', [
      { field: 'subject', reason: 'must be cluster:<id> or member:<id>' },
    ]);
  return [type, key.slice(at + 1)];
}

function encodeRankCursor(rank: number): string {
  return Buffer.from(JSON.stringify({ rank }), 'utf8').toString('base64url');
}

function decodeRankCursor(cursor: string): number {
  try {
    const { rank } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      rank?: unknown;
    };
    if (typeof rank === 'number' && Number.isInteger(rank) && rank >= 0) return rank;
  } catch {
    // answered below
  }
  throw invalidInput('PAGE.INVALID_CURSOR', [
    { field: 'cursor', reason: 'is not a cursor this API returned' },
  ]);
}
