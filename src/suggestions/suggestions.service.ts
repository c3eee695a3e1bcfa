import { Inject, Injectable, Logger } from '@nestjs/common';
import { managesCluster, managesMember } from '../auth/access-policy';
import { Principal } from '../auth/principal';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { Metrics } from '../common/metrics/metrics';
import { forbidden, invalidInput, notFound } from '../common/errors/domain-error';
import { Page } from '../common/http/pagination';
import { CriteriaService } from '../criteria/criteria.service';
import { ChangeFeed } from '../infra/change-feed';
import { MatchCriteria } from '../matching/criteria';
import { economyName } from '../i18n/economy-names';
import { EconomiesService } from '../economies/economies.service';
import { Locale } from '../i18n/locales';
import { renderReason } from '../i18n/reasons';
import { MatchingEngine } from '../matching/matching-engine';
import { Party, parsePartyKey } from '../parties/party';
import { InferredSector } from '../sectors/inferred-sector';
import { PartyDirectory } from '../parties/party-directory';
import { DeliveredPartners } from './delivered-partners';
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
  /** Inferred from the partner's text when it gives no sectors (shown marked as inferred). */
  inferredSectors: InferredSector[];
  region?: string | null;
  kind?: string;
}

export type SuggestionView = Omit<
  Suggestion,
  'subjectKey' | 'partnerKey' | 'partnerEconomy' | 'areas'
> & {
  partner: PartnerSummary & { economyName: string };
  reasonLanguage: Locale;
  areas: string[];
  status: SuggestionStatus;
};

@Injectable()
export class SuggestionsService {
  private readonly logger = new Logger(SuggestionsService.name);
  /** Recomputes started by reads, one per subject at a time (concurrent reads share it). */
  private readonly inFlight = new Map<string, Promise<SuggestionList>>();

  constructor(
    @Inject(MatchingEngine) private readonly engine: MatchingEngine,
    @Inject(CriteriaService) private readonly criteria: CriteriaService,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(DeliveredPartners) private readonly delivered: DeliveredPartners,
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(EconomiesService) private readonly economies: EconomiesService,
  ) {}

  /**
   * The subject's suggestions, computed first when missing or stale. A stale list whose recompute
   * takes longer than the read budget is answered as stored, with `refreshing: true`; the
   * recompute goes on and stores the new list for the next read.
   */
  async listFor(
    p: Principal,
    subjectKey: string,
    filter: SuggestionFilter,
    page: { limit: number; cursor?: string },
    locale: Locale = 'en',
  ): Promise<Page<SuggestionView> & { refreshing: boolean }> {
    const subject = await this.authorize(p, subjectKey);
    const list = await this.freshWithin(subject, this.config.suggestions.readBudgetMs);
    this.metrics.suggestionReads.inc({ list });
    const refreshing = list === 'refreshing';
    const afterRank = page.cursor ? decodeRankCursor(page.cursor) : 0;
    const rows = await this.suggestions.list(subjectKey, filter, { limit: page.limit, afterRank });
    const items = rows.slice(0, page.limit);
    // 'seen' once a digest carried it; what the subject said about it wins.
    const statuses = new Map<string, SuggestionStatus>(
      [...(await this.delivered.sentPartners(subjectKey))].map((k) => [k, 'seen']),
    );
    for (const f of await this.feedback.forSubject(subjectKey))
      statuses.set(f.partnerKey, f.status);
    const partners = await this.partners(items.map((s) => s.partnerKey));
    const given = await this.economies.givenNames([...partners.values()].map((p) => p.economy));
    const views = items
      .filter((s) => partners.has(s.partnerKey))
      .map((s) =>
        this.view(s, partners.get(s.partnerKey)!, statuses.get(s.partnerKey), locale, given),
      );
    return {
      items: views,
      nextCursor: rows.length > page.limit ? encodeRankCursor(items[items.length - 1].rank) : null,
      refreshing,
    };
  }

  /**
   * Recomputes when there is no list, the active criteria changed, the subject changed, or it is
   * old. The subject by key, or as already read.
   */
  async ensureFresh(subject: string | Party): Promise<SuggestionList> {
    const { party, list, active, stale } = await this.freshness(subject);
    return stale || !list ? this.recomputeOnce(party.key, active) : list;
  }

  /**
   * Brings the list up to date within `budgetMs` if it can: `refreshing` when it answers with the
   * stored list while the recompute goes on (a list that does not exist yet is always waited for).
   */
  private async freshWithin(
    subject: Party,
    budgetMs: number,
  ): Promise<'fresh' | 'recomputed' | 'refreshing'> {
    const { party, list, active, stale } = await this.freshness(subject);
    if (!stale) return 'fresh';
    const computing = this.recomputeOnce(party.key, active);
    if (!list) {
      await computing;
      return 'recomputed';
    }
    // A budget of 0 never waits; otherwise the recompute races the budget.
    if (budgetMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), budgetMs);
      });
      const first = await Promise.race([computing.then(() => 'done' as const), late]).finally(() =>
        clearTimeout(timer),
      );
      if (first === 'done') return 'recomputed';
    }
    computing.catch((error: unknown) =>
      this.logger.warn(
        { subject: party.key, err: (error as Error).message },
        'recompute behind a read failed; the next read tries again',
      ),
    );
    return 'refreshing';
  }

  private async freshness(subject: string | Party) {
    const party = typeof subject === 'string' ? await this.subject(subject) : subject;
    const [list, active, subjectUpdatedAt] = await Promise.all([
      this.suggestions.findList(party.key),
      this.criteria.active(),
      this.parties.lastChanged(party),
    ]);
    const stale =
      !list ||
      list.criteriaVersion !== active.version ||
      subjectUpdatedAt > list.computedAt ||
      this.clock.now().getTime() - Date.parse(list.computedAt) > MAX_AGE_MS;
    return { party, list, active, stale };
  }

  /** One recompute per subject at a time for reads; concurrent readers share it. */
  private recomputeOnce(subjectKey: string, active: MatchCriteria): Promise<SuggestionList> {
    let running = this.inFlight.get(subjectKey);
    if (!running) {
      running = this.recompute(subjectKey, active).finally(() => this.inFlight.delete(subjectKey));
      this.inFlight.set(subjectKey, running);
    }
    return running;
  }

  /** Computes and stores the subject's list with the given (default: active) criteria. */
  async recompute(subjectKey: string, criteria?: MatchCriteria): Promise<SuggestionList> {
    const active = criteria ?? (await this.criteria.active());
    const changeSeq = await this.changes.head();
    const feedback = await this.feedback.forSubject(subjectKey);
    const run = await this.engine.match(subjectKey, active, { feedback });
    const computedAt = this.clock.nowIso();
    const suggestions: Suggestion[] = run.matches.map((m, i) => ({
      id: suggestionId(subjectKey, m.partner.key),
      subjectKey,
      partnerKey: m.partner.key,
      partnerEconomy: m.partner.economy,
      rank: i + 1,
      score: m.scored.score,
      parts: m.scored.parts,
      reason: renderReason(m.reason, 'en'),
      reasonParts: m.reason,
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

  /** The subject, when the caller may see its suggestions. */
  async authorize(p: Principal, subjectKey: string): Promise<Party> {
    const [type, id] = splitKey(subjectKey);
    const party = await this.subject(subjectKey);
    const allowed =
      type === 'cluster'
        ? managesCluster(p, id)
        : managesMember(p, { clusterId: party.clusterId, memberId: party.id });
    if (!allowed)
      throw forbidden(
        'SUGGESTIONS.FORBIDDEN',
        type === 'cluster'
          ? 'Only the cluster’s managers and operators see its suggestions'
          : 'Only the member, its cluster’s managers and operators see its suggestions',
      );
    return party;
  }

  /** The subject of a list; 404 when there is none. */
  private async subject(subjectKey: string): Promise<Party> {
    const party = await this.parties.find(subjectKey);
    if (party) return party;
    const [type, id] = splitKey(subjectKey);
    throw type === 'cluster'
      ? notFound('CLUSTER.NOT_FOUND', 'Cluster', id)
      : notFound('MEMBER.NOT_FOUND', 'Member', id);
  }

  /** Public profile fields of the suggested partners (contact fields never travel in suggestions). */
  partnerSummaries(keys: string[]): Promise<Map<string, PartnerSummary>> {
    return this.partners(keys);
  }

  private async partners(keys: string[]): Promise<Map<string, PartnerSummary>> {
    const found = await this.parties.findMany(keys);
    return new Map([...found].map(([key, party]) => [key, partnerSummary(party)]));
  }

  private view(
    s: Suggestion,
    partner: PartnerSummary,
    status: SuggestionStatus | undefined,
    locale: Locale,
    givenNames: ReadonlyMap<string, string>,
  ): SuggestionView {
    return {
      id: s.id,
      rank: s.rank,
      score: s.score,
      partner: {
        ...partner,
        economyName: economyName(partner.economy, locale, givenNames.get(partner.economy)),
      },
      // Lists stored before reasons became data answer in English until their next recompute.
      reason: s.reasonParts ? renderReason(s.reasonParts, locale) : s.reason,
      reasonLanguage: s.reasonParts ? locale : 'en',
      reasonParts: s.reasonParts,
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
  const ref = parsePartyKey(key);
  if (!ref)
    throw invalidInput('VALIDATION.FAILED', [
      { field: 'subject', reason: 'must be cluster:<id> or member:<id>' },
    ]);
  return [ref.type, ref.id];
}

/** Public profile fields of a partner (contact fields never travel in suggestions). */
function partnerSummary(party: Party): PartnerSummary {
  return party.type === 'cluster'
    ? {
        type: 'cluster',
        id: party.id,
        name: party.name,
        economy: party.economy,
        clusterId: party.clusterId,
        sectors: party.sectors,
        inferredSectors: party.inferredSectors,
        region: party.region,
      }
    : {
        type: 'member',
        id: party.id,
        name: party.name,
        economy: party.economy,
        clusterId: party.clusterId,
        sectors: party.sectors,
        inferredSectors: party.inferredSectors,
        kind: party.kind ?? undefined,
      };
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
