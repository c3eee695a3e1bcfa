import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError, notFound } from '../common/errors/domain-error';
import { PartyDirectory } from '../parties/party-directory';
import { IndexReplica } from '../vector-index/index-replica.service';
import { VectorIndex } from '../vector-index/vector-index';
import { ALL_CHANNELS, ChannelSet, retrieveCandidates } from './candidate-retrieval';
import { CriteriaContent } from './criteria';
import { diversify } from './diversity';
import { explainMatch } from './explain';
import { RuleContext } from './hard-rules';
import { partyView, visibleTo } from './party-views';
import { FeedbackView, PartyView, ScoredCandidate, scoreCandidate } from './scoring';

export { ALL_CHANNELS, ChannelSet };

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

/** What the subject said about partners (its feedback), as the engine reads it. */
export interface SaidAbout {
  partnerKey: string;
  status: string;
}

export interface MatchOptions {
  /** The subject's feedback: dismissed partners drop out, similar ones sink or rise. */
  feedback?: readonly SaidAbout[];
  channels?: ChannelSet;
}

const DISMISSED = new Set(['not_relevant', 'hidden']);
const LIKED = new Set(['useful', 'saved']);

/**
 * Computes a subject's partner suggestions: candidates from the retrieval channels under the hard
 * rules (candidate-retrieval.ts, hard-rules.ts); the pool loaded in one read per kind; each
 * candidate scored by the criteria (scoring.ts), the list re-ranked for diversity (diversity.ts)
 * and explained (explain.ts).
 */
@Injectable()
export class MatchingEngine {
  constructor(
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async match(
    subjectKey: string,
    criteria: CriteriaContent,
    options: MatchOptions = {},
  ): Promise<MatchRun> {
    const index = this.readyIndex();
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
    };
    const sources = {
      index,
      keywords: this.replica.keywords,
      placements: this.replica.placements,
    };
    const retrieval = retrieveCandidates(subject, sources, ctx, rules.channelK, options.channels);
    const pool = retrieval.retrieved.slice(0, rules.listSize * rules.poolFactor);
    const partners = await this.views(pool, index, today);
    const maxKeyword = Math.max(0, ...retrieval.keyword.values()) || 1;
    const maxFused = Math.max(0, ...pool.map((p) => retrieval.fused.get(p) ?? 0)) || 1;
    const feedback = feedbackView(said, index);
    const scored: { partner: PartyView; scored: ScoredCandidate }[] = [];
    for (const partner of partners) {
      if (!rules.allowSameEconomy && partner.economy === subject.economy) continue;
      const signals = {
        keyword: (retrieval.keyword.get(partner.key) ?? 0) / maxKeyword,
        consensus: (retrieval.fused.get(partner.key) ?? 0) / maxFused,
      };
      const [you, them] = rules.respectTargetEconomies
        ? [visibleTo(subject, partner.economy), visibleTo(partner, subject.economy)]
        : [subject, partner];
      scored.push({
        partner,
        scored: scoreCandidate(you, them, { criteria, today, feedback, ...signals }),
      });
    }
    const chosen = diversify(
      scored
        .filter((s) => s.scored.score >= rules.minScore)
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
    const matches = chosen.map(({ entry }) => ({
      partner: entry.partner,
      scored: entry.scored,
      reason: explainMatch(entry.scored, entry.partner),
      areas: [...new Set(entry.scored.pairs.flatMap((p) => [p.yours.area, p.theirs.area]))],
    }));
    return { subject, matches, scored: scored.length, retrieved: retrieval.retrieved };
  }

  /** Subjects and candidates as the scorer sees them, in the order asked: two reads in all. */
  async views(keys: readonly string[], index: VectorIndex, today: string): Promise<PartyView[]> {
    const [parties, items] = await Promise.all([
      this.parties.findMany(keys),
      this.parties.activeItems(keys, today),
    ]);
    return keys
      .map((key) => parties.get(key))
      .filter((p) => !!p)
      .map((p) => partyView(p, items.get(p.key) ?? [], index));
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
}

function feedbackView(said: readonly SaidAbout[], index: VectorIndex): FeedbackView {
  const vectors = (statuses: Set<string>) =>
    said
      .filter((f) => statuses.has(f.status))
      .map((f) => index.vectorOf(f.partnerKey))
      .filter((v): v is Float32Array => !!v);
  return { liked: vectors(LIKED), dismissed: vectors(DISMISSED) };
}
