import { CollaborationGraph } from '../collaborations/collaboration-graph';
import { adamicAdar, personalisedPageRank } from '../collaborations/graph-scores';
import { KeywordIndex } from '../vector-index/keyword-index';
import { PartyTextIndex, WorkScore } from '../vector-index/party-text-index';
import {
  IndexMeta,
  Partition,
  VectorFilter,
  VectorHit,
  VectorIndex,
} from '../vector-index/vector-index';
import { byScore, reciprocalRankFusion } from './fusion';
import { RuleContext, admits, admitsRecordOfParty, partnerOfRecord } from './hard-rules';
import { PartyView } from './scoring';

/** Which retrieval channels contribute candidates (the evaluation's baselines switch some off). */
export interface ChannelSet {
  /** The subject's needs against others' offers, its offers against others' needs (vectors). */
  needOffer: boolean;
  /** Its profile against other profiles (vectors). */
  profile: boolean;
  /** Its needs' and offers' words against every record (BM25). */
  keyword: boolean;
  /** Its whole text against every party's whole text (BM25). */
  text: boolean;
  /** Its profile and needs against others' offers, its profile and offers against their needs, summed per party (similar work, BM25). */
  work: boolean;
  /** Partners of its partners on the collaboration graph (Adamic–Adar, personalised PageRank). */
  graph: boolean;
  /** The most experienced partners: most collaborations on record, the same for every subject. */
  active: boolean;
}

export const ALL_CHANNELS: ChannelSet = {
  needOffer: true,
  profile: true,
  keyword: true,
  text: true,
  work: true,
  graph: true,
  active: true,
};
export const CHANNELS = Object.keys(ALL_CHANNELS) as (keyof ChannelSet)[];

/** What retrieval reads: the vector index, the keyword index, and where each record sits. */
export interface RetrievalSources {
  index: VectorIndex;
  keywords: KeywordIndex;
  partyText: PartyTextIndex<IndexMeta>;
  graph: CollaborationGraph;
  placements: ReadonlyMap<string, { partition: Partition; meta: IndexMeta }>;
}

export interface Retrieval {
  /** Each partner's fused reciprocal-rank score. */
  fused: Map<string, number>;
  /** Partners ranked by retrieval alone (fused channels), before scoring. */
  retrieved: string[];
  /** Each partner's best keyword (BM25) score. */
  keyword: Map<string, number>;
  /** BM25 of each partner's whole text against the subject's. */
  text: Map<string, number>;
  /** Each partner's needs and offers against what the subject writes, summed (similar work). */
  work: Map<string, WorkScore>;
  /** Adamic–Adar of each partner (shared partners, weighted by how selective they are). */
  sharedPartners: Map<string, number>;
  /** Personalised PageRank of each partner from the subject. */
  proximity: Map<string, number>;
  /** The subject's past partners. */
  known: ReadonlySet<string>;
}

/** The hard rules a vector index can apply itself while it searches (cheaper than afterwards). */
export function indexFilter(ctx: RuleContext): VectorFilter {
  return {
    excludeEconomies: ctx.rules.allowSameEconomy ? undefined : [ctx.subject.economy],
    excludeClusterIds: [ctx.subject.clusterId],
    validOn: ctx.today,
  };
}

/**
 * Candidate partners of a subject from every channel: its needs against others' offers, its
 * offers against others' needs, its profile against other profiles, and the keyword channel
 * (BM25). Every hit passes the hard rules or is dropped; the channels' rankings are fused by
 * reciprocal rank. Pure over the index port: no store, no framework.
 */
export function retrieveCandidates(
  subject: PartyView,
  sources: RetrievalSources,
  ctx: RuleContext,
  sizes: { channelK: number; poolSize: number },
  channels: ChannelSet = ALL_CHANNELS,
): Retrieval {
  const { channelK, poolSize } = sizes;
  const base = indexFilter(ctx);
  const rankings: string[][] = [];
  const partnerOf = (key: string, meta: IndexMeta | undefined): string | undefined => {
    if (!meta) return undefined;
    const partnerKey = partnerOfRecord(key, meta);
    return admits(ctx, { key, meta, partnerKey }) ? partnerKey : undefined;
  };
  const collect = (hits: { key: string; meta?: IndexMeta }[]) =>
    rankings.push([
      ...new Set(
        hits
          .map((h) => partnerOf(h.key, h.meta ?? sources.placements.get(h.key)?.meta))
          .filter((p): p is string => !!p),
      ),
    ]);

  if (channels.needOffer) {
    for (const item of subject.items) {
      if (!item.vectors.length) continue;
      const filter =
        ctx.rules.respectTargetEconomies && item.targetEconomies.length
          ? { ...base, economies: item.targetEconomies }
          : base;
      const partition: Partition = item.kind === 'need' ? 'offer' : 'need';
      collect(searchByChunks(sources.index, partition, item.vectors, channelK, filter));
    }
  }
  if (channels.profile && subject.profileVector) {
    collect(
      sources.index.search({
        partition: 'profile',
        vector: subject.profileVector,
        k: channelK,
        filter: base,
      }),
    );
  }
  const keyword = new Map<string, number>();
  if (channels.keyword) {
    const admitted = (key: string) => !!partnerOf(key, sources.placements.get(key)?.meta);
    const hits = sources.keywords.search(keywordQuery(subject), channelK * 3, admitted, [
      ...subject.sectors.map((s) => `isic:${s}`),
    ]);
    for (const hit of hits) {
      const partner = partnerOf(hit.key, sources.placements.get(hit.key)?.meta)!;
      keyword.set(partner, Math.max(keyword.get(partner) ?? 0, hit.score));
    }
    collect(hits);
  }
  // Every channel asks about the same parties (thousands per subject): each is judged once.
  const judged = new Map<string, boolean>();
  const admittedParty = (party: string) => {
    let ok = judged.get(party);
    if (ok === undefined)
      judged.set(party, (ok = !!partnerOf(party, sources.placements.get(party)?.meta)));
    return ok;
  };
  const text = channels.text
    ? sources.partyText.score(sources.partyText.termsOf(subject.key), admittedParty)
    : new Map<string, number>();
  rankings.push(byScore(text).slice(0, poolSize));
  // Similar work counts a need or offer only where it may stand as evidence: its party admitted,
  // the record itself valid and aimed at the subject.
  const work = channels.work
    ? sources.partyText.similarWork(subject.key, {
        party: admittedParty,
        record: (key, meta) => !!meta && admitsRecordOfParty(ctx, { key, meta, partnerKey: key }),
      })
    : new Map<string, WorkScore>();
  rankings.push(
    [...work]
      .sort((a, b) => b[1].score - a[1].score)
      .slice(0, poolSize)
      .map(([party]) => party),
  );
  const sharedPartners = new Map<string, number>();
  const proximity = new Map<string, number>();
  if (channels.graph) {
    for (const [party, score] of adamicAdar(sources.graph, subject.key))
      if (admittedParty(party)) sharedPartners.set(party, score);
    for (const [party, score] of personalisedPageRank(sources.graph, subject.key))
      if (party !== subject.key && admittedParty(party)) proximity.set(party, score);
    rankings.push(byScore(sharedPartners).slice(0, poolSize));
    rankings.push(byScore(proximity).slice(0, poolSize));
  }
  if (channels.active) {
    const active: string[] = [];
    for (const party of sources.graph.mostActive()) {
      if (active.length >= poolSize) break;
      if (party !== subject.key && admittedParty(party)) active.push(party);
    }
    rankings.push(active);
  }
  const fused = reciprocalRankFusion(rankings);
  const retrieved = byScore(fused).filter((p) => p !== subject.key);
  return { fused, retrieved, keyword, text, work, sharedPartners, proximity, known: ctx.known };
}

/** At most this many chunks of one item query the index (the rest rarely add a partner). */
const QUERY_CHUNKS = 4;

/** One ranking from several chunks of a text: each record at its best chunk's score. */
function searchByChunks(
  index: VectorIndex,
  partition: Partition,
  vectors: readonly Float32Array[],
  k: number,
  filter: VectorFilter,
): VectorHit[] {
  const best = new Map<string, VectorHit>();
  for (const vector of vectors.slice(0, QUERY_CHUNKS))
    for (const hit of index.search({ partition, vector, k, filter }))
      if ((best.get(hit.key)?.score ?? -Infinity) < hit.score) best.set(hit.key, hit);
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
}

/** What the keyword channel looks for: the subject's needs and offers, else its name. */
function keywordQuery(subject: PartyView): string {
  return subject.items.map((i) => i.title).join(' ') || subject.name;
}
