import { Inject, Injectable } from '@nestjs/common';
import { GraphReplica } from '../collaborations/graph-replica.service';
import { Clock } from '../common/clock/clock';
import { slice } from '../common/slices';
import { DomainError, notFound } from '../common/errors/domain-error';
import { PartyDirectory } from '../parties/party-directory';
import { IndexReplica } from '../vector-index/index-replica.service';
import { VectorIndex } from '../vector-index/vector-index';
import { ALL_CHANNELS, ChannelSet, Retrieval, retrieveCandidates } from './candidate-retrieval';
import { CriteriaContent } from './criteria';
import { diversify } from './diversity';
import { explainMatch, ReasonPart } from './explain';
import { ItemsByOwner } from './items-by-owner';
import { RuleContext } from './hard-rules';
import { networkEvidence, poolSignals } from './pool-signals';
import { partyView, visibleTo } from './party-views';
import { FeedbackView, PartyView, ScoredCandidate, scoreCandidate } from './scoring';

export { ALL_CHANNELS, ChannelSet };

export interface ComputedMatch {
  partner: PartyView;
  scored: ScoredCandidate;
  reason: ReasonPart[];
  areas: string[];
}

export interface MatchRun {
  subject: PartyView;
  matches: ComputedMatch[];
  /** Candidates that went through scoring (the pool). */
  scored: number;
  /** Partners ranked by retrieval alone (fused channels), before scoring: the baselines' lists. */
  retrieved: string[];
  /** Every scored candidate, best first (only when asked for: criteria fitting reads it). */
  pool?: { partner: PartyView; scored: ScoredCandidate }[];
  /** What each channel found (the evaluation's baselines read it). */
  retrieval: Retrieval;
}

/** What the subject said about partners (its feedback), as the engine reads it. */
export interface SaidAbout {
  partnerKey: string;
  status: string;
}

export interface MatchOptions {
  /** The subject's feedback: dismissed partners drop out, similar ones sink or rise. */
  feedback?: readonly SaidAbout[];
  channels?: ChannelSet;
  /** Return every scored candidate too (criteria fitting). */
  keepPool?: boolean;
  /** Score these partners too, found by a channel or not (criteria fitting's labelled partners). */
  include?: readonly string[];
}

const DISMISSED = new Set(['not_relevant', 'hidden']);
const LIKED = new Set(['useful', 'saved']);

/**
 * Computes a subject's partner suggestions: candidates from the retrieval channels under the hard
 * rules (candidate-retrieval.ts, hard-rules.ts); the pool loaded in one read per kind; each
 * candidate scored by the criteria (pool-signals.ts, scoring.ts), the list re-ranked for
 * diversity (diversity.ts) and explained (explain.ts).
 */
@Injectable()
export class MatchingEngine {
  private readonly candidateItems = new ItemsByOwner();

  constructor(
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(GraphReplica) private readonly graphs: GraphReplica,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    replica.onPartiesChanged((parties) => this.candidateItems.drop(parties));
  }

  async match(
    subjectKey: string,
    criteria: CriteriaContent,
    options: MatchOptions = {},
  ): Promise<MatchRun> {
    const index = this.readyIndex();
    await this.graphs.start();
    const graph = this.graphs.graph;
    const today = this.clock.today();
    const [subject] = await this.views([subjectKey], index, today);
    if (!subject) throw notFound('MATCH.SUBJECT_NOT_FOUND', 'Subject', subjectKey);
    const said = options.feedback ?? [];
    const { rules } = criteria;
    const ctx: RuleContext = {
      subject,
      rules,
      today,
      dismissed: new Set(said.filter((f) => DISMISSED.has(f.status)).map((f) => f.partnerKey)),
      known: new Set(graph.neighbours(subjectKey).keys()),
    };
    const sources = {
      index,
      keywords: this.replica.keywords,
      partyText: this.replica.partyText,
      graph,
      placements: this.replica.placements,
    };
    // Similar work weighted 0 (a version stored before it existed) neither scores nor retrieves:
    // that version ranks as it did.
    const channels = options.channels ?? ALL_CHANNELS;
    const retrieval = retrieveCandidates(subject, sources, ctx, rules, {
      ...channels,
      work: channels.work && criteria.weights.similarWork > 0,
    });
    await slice();
    const pool = [
      ...new Set([
        ...retrieval.retrieved.slice(0, rules.poolSize),
        ...(options.include ?? []).filter((k) => k !== subjectKey),
      ]),
    ];
    const partners = (await this.views(pool, index, today, this.candidateItems)).filter(
      (p) => rules.allowSameEconomy || p.economy !== subject.economy,
    );
    const signals = poolSignals(
      retrieval,
      partners.map((p) => p.key),
      graph,
    );
    const feedback = feedbackView(said, index);
    await slice();
    const scored: { partner: PartyView; scored: ScoredCandidate }[] = [];
    for (const partner of partners) {
      const [you, them] = rules.respectTargetEconomies
        ? [visibleTo(subject, partner.economy), visibleTo(partner, subject.economy)]
        : [subject, partner];
      const context = {
        criteria,
        today,
        feedback,
        networkKnown: graph.size > 0,
        ...signals.of(partner.key),
      };
      scored.push({ partner, scored: scoreCandidate(you, them, context) });
      await slice();
    }
    scored.sort((a, b) => b.scored.score - a.scored.score);
    await slice();
    const chosen = diversify(
      scored
        .filter((s) => s.scored.fit >= rules.minScore)
        .map((s) => ({
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
    for (const { entry } of chosen)
      entry.scored.network = networkEvidence(graph, subjectKey, entry.partner.key);
    const names = await this.partyNames(chosen.flatMap(({ entry }) => entry.scored.network.via));
    const matches = chosen.map(({ entry }) => {
      for (const shared of entry.scored.network.via) shared.name = names.get(shared.key);
      return {
        partner: entry.partner,
        scored: entry.scored,
        reason: explainMatch(entry.scored, entry.partner),
        areas: [...new Set(entry.scored.pairs.flatMap((p) => [p.yours.area, p.theirs.area]))],
      };
    });
    return {
      subject,
      matches,
      scored: scored.length,
      retrieved: retrieval.retrieved,
      retrieval,
      pool: options.keepPool ? scored : undefined,
    };
  }

  /**
   * Subjects and candidates as the scorer sees them, in the order asked: two reads in all. The
   * subject's items are always read; candidates' may come from `cached` (their profiles are read
   * every time: they are one row each).
   */
  async views(
    keys: readonly string[],
    index: VectorIndex,
    today: string,
    cached?: ItemsByOwner,
  ): Promise<PartyView[]> {
    const known = cached?.lookup(keys, today);
    const [parties, read] = await Promise.all([
      this.parties.findMany(keys),
      this.parties.activeItems(known?.missing ?? keys, today),
    ]);
    if (known) cached!.keep(read, today, known.generation);
    const views: PartyView[] = [];
    for (const key of keys) {
      const p = parties.get(key);
      if (!p) continue;
      views.push(partyView(p, read.get(p.key) ?? known?.found.get(p.key) ?? [], index));
      await slice();
    }
    return views;
  }

  /** The index, or 503 while it is first being built. */
  readyIndex(): VectorIndex {
    const index = this.replica.index;
    if (!index)
      throw new DomainError(
        'MATCH.INDEX_NOT_READY',
        'unavailable',
        'The matching index is still being built; retry in a moment',
      );
    return index;
  }

  private async partyNames(keys: { key: string }[]): Promise<Map<string, string>> {
    const found = await this.parties.findMany([...new Set(keys.map((k) => k.key))]);
    return new Map([...found].map(([key, party]) => [key, party.name]));
  }
}

function feedbackView(said: readonly SaidAbout[], index: VectorIndex): FeedbackView {
  const vectors = (statuses: Set<string>) =>
    said
      .filter((f) => statuses.has(f.status))
      .map((f) => index.vectorOf(f.partnerKey))
      .filter((v): v is Float32Array => !!v);
  return { liked: vectors(LIKED), dismissed: vectors(DISMISSED) };
}
