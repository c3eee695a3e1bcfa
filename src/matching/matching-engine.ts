import { Inject, Injectable } from '@nestjs/common';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { DomainError, notFound } from '../common/errors/domain-error';
import { CollaborationItem } from '../items/item';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';
import { FeedbackRepository } from '../suggestions/suggestions.repository';
import { HnswVectorIndex } from '../vector-index/hnsw-vector-index';
import { IndexReplica } from '../vector-index/index-replica.service';
import { Partition, VectorFilter } from '../vector-index/vector-index';
import { CriteriaContent } from './criteria';
import { diversify } from './diversity';
import { explainMatch } from './explain';
import { byScore, reciprocalRankFusion } from './fusion';
import { FeedbackView, ItemView, PartyView, ScoredCandidate, scoreCandidate } from './scoring';

/** Which retrieval channels contribute candidates (the evaluation's baselines switch some off). */
export interface ChannelSet {
  needOffer: boolean;
  profile: boolean;
  keyword: boolean;
}

export const ALL_CHANNELS: ChannelSet = { needOffer: true, profile: true, keyword: true };

export interface ComputedMatch {
  partner: PartyView;
  scored: ScoredCandidate;
  reason: string;
  areas: string[];
}

export interface MatchRun {
  subject: PartyView;
  matches: ComputedMatch[];
  /** Candidates that went through scoring (the pool). */
  scored: number;
  /** Partners ranked by retrieval alone (fused channels), before scoring: the baselines' lists. */
  retrieved: string[];
}

const DISMISSED = new Set(['not_relevant', 'hidden']);
const LIKED = new Set(['useful', 'saved']);

/**
 * Computes a subject's partner suggestions: candidates from the subject's needs against others'
 * offers, its offers against others' needs, its profile against other profiles (vector index),
 * and the keyword channel (BM25), fused by reciprocal rank; hard rules applied on the way; the
 * pool scored by the criteria, re-ranked for diversity, and explained.
 */
@Injectable()
export class MatchingEngine {
  constructor(
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async match(
    subjectKey: string,
    criteria: CriteriaContent,
    channels: ChannelSet = ALL_CHANNELS,
  ): Promise<MatchRun> {
    const index = this.replica.index;
    if (!index)
      throw new DomainError(
        'MATCH.INDEX_NOT_READY',
        'unavailable',
        'The matching index is still being built; retry in a moment',
      );
    const today = this.clock.today();
    const subject = await this.party(subjectKey, index, today);
    if (!subject) throw notFound('MATCH.SUBJECT_NOT_FOUND', 'Subject', subjectKey);
    const said = await this.feedback.forSubject(subjectKey);
    const dismissed = new Set(said.filter((f) => DISMISSED.has(f.status)).map((f) => f.partnerKey));
    const { rules } = criteria;

    const base: VectorFilter = {
      excludeEconomies: rules.allowSameEconomy ? undefined : [subject.economy],
      excludeClusterIds: [subject.clusterId],
      validOn: today,
    };
    const partnerOf = (key: string): string | undefined => {
      const placement = this.replica.placements.get(key);
      if (!placement) return undefined;
      const { meta } = placement;
      if (
        rules.respectTargetEconomies &&
        meta.targetEconomies?.length &&
        !meta.targetEconomies.includes(subject.economy)
      )
        return undefined;
      const partner =
        meta.entity === 'item'
          ? meta.memberId
            ? `member:${meta.memberId}`
            : `cluster:${meta.clusterId}`
          : key;
      return dismissed.has(partner) ? undefined : partner;
    };
    const rankings: string[][] = [];
    const collect = (keys: string[]) =>
      rankings.push([...new Set(keys.map(partnerOf).filter((p): p is string => !!p))]);

    if (channels.needOffer) {
      for (const item of subject.items) {
        if (!item.vector) continue;
        const filter =
          rules.respectTargetEconomies && item.targetEconomies.length
            ? { ...base, economies: item.targetEconomies }
            : base;
        const partition: Partition = item.kind === 'need' ? 'offer' : 'need';
        collect(
          index
            .search({ partition, vector: item.vector, k: rules.channelK, filter })
            .map((h) => h.key),
        );
      }
    }
    if (channels.profile && subject.profileVector) {
      collect(
        index
          .search({
            partition: 'profile',
            vector: subject.profileVector,
            k: rules.channelK,
            filter: base,
          })
          .map((h) => h.key),
      );
    }
    const keywordByPartner = new Map<string, number>();
    if (channels.keyword) {
      const hits = this.keywordHits(subject, base, rules.channelK * 3);
      const ranked: string[] = [];
      for (const hit of hits) {
        const partner = partnerOf(hit.key);
        if (!partner) continue;
        keywordByPartner.set(partner, Math.max(keywordByPartner.get(partner) ?? 0, hit.score));
        ranked.push(hit.key);
      }
      collect(ranked);
    }

    const fused = reciprocalRankFusion(rankings);
    const retrieved = byScore(fused).filter((p) => p !== subjectKey);
    const pool = retrieved.slice(0, rules.listSize * rules.poolFactor);
    const maxKeyword = Math.max(0, ...keywordByPartner.values()) || 1;
    const maxFused = Math.max(0, ...pool.map((p) => fused.get(p) ?? 0)) || 1;
    const feedbackView = this.feedbackView(said, index);
    const scored: { partner: PartyView; scored: ScoredCandidate }[] = [];
    for (const key of pool) {
      const partner = await this.party(key, index, today);
      if (!partner || (!rules.allowSameEconomy && partner.economy === subject.economy)) continue;
      const signals = {
        keyword: (keywordByPartner.get(key) ?? 0) / maxKeyword,
        consensus: (fused.get(key) ?? 0) / maxFused,
      };
      const [you, them] = rules.respectTargetEconomies
        ? [visibleTo(subject, partner.economy), visibleTo(partner, subject.economy)]
        : [subject, partner];
      scored.push({
        partner,
        scored: scoreCandidate(you, them, { criteria, today, feedback: feedbackView, ...signals }),
      });
    }
    const eligible = scored.filter((s) => s.scored.score >= rules.minScore);
    const chosen = diversify(
      eligible.map((s) => ({
        key: s.partner.key,
        score: s.scored.score,
        economy: s.partner.economy,
        sectors: s.partner.sectors,
        profileVector: s.partner.profileVector,
        entry: s,
      })),
      rules.listSize,
      rules.mmrLambda,
      rules.perEconomyCap,
    );
    const matches = chosen.map(({ entry }) => ({
      partner: entry.partner,
      scored: entry.scored,
      reason: explainMatch(entry.scored, entry.partner),
      areas: [...new Set(entry.scored.pairs.flatMap((p) => [p.yours.area, p.theirs.area]))],
    }));
    return { subject, matches, scored: scored.length, retrieved };
  }

  /** A cluster or member with its active needs and offers and their vectors. */
  async party(key: string, index: HnswVectorIndex, today: string): Promise<PartyView | undefined> {
    const [type, id] = key.split(/:(.*)/s) as ['cluster' | 'member', string];
    let items: CollaborationItem[];
    let base: Omit<PartyView, 'items' | 'profileVector'>;
    if (type === 'cluster') {
      const c = await this.clusters.findById(id);
      if (!c) return undefined;
      base = {
        key,
        type,
        id,
        name: c.name,
        economy: c.economy,
        clusterId: c.id,
        sectors: c.sectors,
        languages: c.languages,
        updatedAt: c.updatedAt,
      };
      items = await this.items.list(
        { clusterId: id, ownerType: 'cluster', validOn: today },
        { limit: 200 },
      );
    } else {
      const m = await this.members.findById(id);
      if (!m) return undefined;
      base = {
        key,
        type,
        id,
        name: m.name,
        economy: m.economy,
        clusterId: m.clusterId,
        sectors: m.sectors,
        languages: m.languages,
        updatedAt: m.updatedAt,
      };
      items = await this.items.list({ memberId: id, validOn: today }, { limit: 200 });
    }
    return {
      ...base,
      profileVector: index.vectorOf(key),
      items: items.map((i) => itemView(i, index)),
    };
  }

  private keywordHits(subject: PartyView, filter: VectorFilter, limit: number) {
    const text = subject.items.map((i) => i.title).join(' ');
    const terms = subject.sectors.map((s) => `isic:${s}`);
    const excluded = new Set(filter.excludeEconomies ?? []);
    return this.replica.keywords.search(
      text || subject.name,
      limit,
      (key) => {
        const placement = this.replica.placements.get(key);
        if (!placement) return false;
        const { meta } = placement;
        if (excluded.has(meta.economy) || meta.clusterId === subject.clusterId) return false;
        return !meta.validUntil || !filter.validOn || meta.validUntil >= filter.validOn;
      },
      terms,
    );
  }

  private feedbackView(
    said: { partnerKey: string; status: string }[],
    index: HnswVectorIndex,
  ): FeedbackView {
    const vectors = (statuses: Set<string>) =>
      said
        .filter((f) => statuses.has(f.status))
        .map((f) => index.vectorOf(f.partnerKey))
        .filter((v): v is Float32Array => !!v);
    return { liked: vectors(LIKED), dismissed: vectors(DISMISSED) };
  }
}

function itemView(i: CollaborationItem, index: HnswVectorIndex): ItemView {
  return {
    id: i.id,
    kind: i.kind,
    area: i.area,
    title: i.title,
    sectors: i.sectors,
    targetEconomies: i.targetEconomies,
    updatedAt: i.updatedAt,
    vector: index.vectorOf(`item:${i.id}`),
  };
}

/** The party with only the needs and offers whose target economies admit `economy`. */
function visibleTo(party: PartyView, economy: string): PartyView {
  const items = party.items.filter(
    (i) => !i.targetEconomies.length || i.targetEconomies.includes(economy),
  );
  return items.length === party.items.length ? party : { ...party, items };
}
