import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphReplica } from '../collaborations/graph-replica.service';
import { adamicAdar, pastPartners } from '../collaborations/graph-scores';
import { MatchCriteria } from '../matching/criteria';
import { ALL_CHANNELS, ChannelSet, MatchingEngine } from '../matching/matching-engine';
import { byScore } from '../matching/fusion';
import { PartyDirectory } from '../parties/party-directory';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { IndexReplica } from '../vector-index/index-replica.service';
import { EvaluationSummary, seededShuffle, summarise } from './metrics';

/** One query of a dataset: a party, the partners it went on to work with, those it knew. */
export interface DatasetQuery {
  subject: string;
  gold: ReadonlySet<string>;
  /** Partners it had worked with before (the collaboration graph at evaluation time). */
  known: ReadonlySet<string>;
}

/** 'all': every gold partner; 'new': gold partners it had not worked with, known ones excluded. */
export type DatasetTable = 'all' | 'new';

export const DATASET_STRATEGIES = [
  'engine',
  'bm25-full-text',
  'vector-only',
  'keyword-only',
  'past-partners',
  'adamic-adar',
  'random',
] as const;
export type DatasetStrategy = (typeof DATASET_STRATEGIES)[number];

const NO_CHANNELS: ChannelSet = {
  needOffer: false,
  profile: false,
  keyword: false,
  text: false,
  work: false,
  graph: false,
  active: false,
};

/**
 * Evaluation on a real dataset (`DIR/import.ndjson[.gz]` already imported, `DIR/gold.json`): for
 * each query party, the top 10 of the engine — computed and read through the services the API uses
 * — and of baselines computed inside the engine on the same candidate pool (other economies, not
 * its own cluster; in the 'new' table, not its known partners).
 */
@Injectable()
export class DatasetEvaluation {
  constructor(
    @Inject(MatchingEngine) private readonly engine: MatchingEngine,
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
    @Inject(SuggestionsRepository) private readonly lists: SuggestionsRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(GraphReplica) private readonly graphs: GraphReplica,
  ) {}

  /** The gold file's queries as party keys (gold partners unknown to the store are dropped). */
  async queries(dir: string): Promise<DatasetQuery[]> {
    const gold = JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as Record<
      string,
      string[]
    >;
    const keyOf = new Map<string, string>();
    const resolve = async (externalId: string) => {
      if (!keyOf.has(externalId))
        keyOf.set(externalId, (await this.parties.findByExternalId(externalId))?.key ?? '');
      return keyOf.get(externalId) || undefined;
    };
    await this.graphs.start();
    const queries: DatasetQuery[] = [];
    for (const [subjectId, partnerIds] of Object.entries(gold)) {
      const subject = await resolve(subjectId);
      if (!subject) continue;
      const partners = (await Promise.all(partnerIds.map(resolve))).filter((k): k is string => !!k);
      if (!partners.length) continue;
      const known = new Set(this.graphs.graph.neighbours(subject).keys());
      queries.push({ subject, gold: new Set(partners), known });
    }
    return queries.sort((a, b) => (a.subject < b.subject ? -1 : 1));
  }

  /** The queries a table scores: in 'new', gold partners known before are dropped (and empty queries). */
  tableQueries(queries: readonly DatasetQuery[], table: DatasetTable): DatasetQuery[] {
    if (table === 'all') return [...queries];
    return queries
      .map((q) => ({ ...q, gold: new Set([...q.gold].filter((p) => !q.known.has(p))) }))
      .filter((q) => q.gold.size > 0);
  }

  /** Criteria as a table needs them: known partners excluded in 'new'. */
  criteriaFor(criteria: MatchCriteria, table: DatasetTable): MatchCriteria {
    return table === 'new'
      ? { ...criteria, rules: { ...criteria.rules, knownPartners: 'exclude' } }
      : criteria;
  }

  async evaluate(
    strategy: DatasetStrategy,
    criteria: MatchCriteria,
    queries: readonly DatasetQuery[],
    table: DatasetTable,
  ): Promise<{ summary: EvaluationSummary; rankings: Map<string, string[]> }> {
    const rankings = new Map<string, string[]>();
    for (const [n, q] of queries.entries())
      rankings.set(q.subject, await this.rank(strategy, q, criteria, table, n));
    return { summary: this.summarise(queries, rankings), rankings };
  }

  /** The engine with a variant of the criteria or channels (ablation, diversity chart). */
  async evaluateVariant(
    criteria: MatchCriteria,
    queries: readonly DatasetQuery[],
    table: DatasetTable,
    channels: ChannelSet = ALL_CHANNELS,
  ): Promise<EvaluationSummary> {
    const rankings = new Map<string, string[]>();
    const variant = this.criteriaFor(criteria, table);
    for (const q of queries) {
      const run = await this.engine.match(q.subject, variant, { channels });
      rankings.set(
        q.subject,
        run.matches.map((m) => m.partner.key),
      );
    }
    return this.summarise(queries, rankings);
  }

  summarise(
    queries: readonly DatasetQuery[],
    rankings: ReadonlyMap<string, readonly string[]>,
  ): EvaluationSummary {
    const economyOf = (key: string) => this.replica.placements.get(key)?.meta.economy ?? '?';
    const catalogue = [...this.replica.placements.values()].filter(
      (p) => p.meta.entity !== 'item',
    ).length;
    return summarise(
      queries.map((q) => {
        const ranked = rankings.get(q.subject) ?? [];
        return {
          ranked,
          relevant: q.gold,
          economies: ranked.map(economyOf),
          candidateEconomies: 4,
        };
      }),
      catalogue,
    );
  }

  private async rank(
    strategy: DatasetStrategy,
    q: DatasetQuery,
    criteria: MatchCriteria,
    table: DatasetTable,
    seed: number,
  ): Promise<string[]> {
    const size = criteria.rules.listSize;
    const variant = this.criteriaFor(criteria, table);
    const pool = this.pool(q, table);
    const top = (scores: Map<string, number>) =>
      byScore(scores)
        .filter((k) => pool.has(k))
        .slice(0, size);
    switch (strategy) {
      case 'engine': {
        await this.suggestions.recompute(q.subject, variant);
        const list = await this.lists.list(q.subject, {}, { limit: size });
        return list.slice(0, size).map((s) => s.partnerKey);
      }
      case 'bm25-full-text':
        return top(this.replica.partyText.score(this.replica.partyText.termsOf(q.subject)));
      case 'vector-only':
        return this.retrieved(q, variant, { ...NO_CHANNELS, needOffer: true, profile: true });
      case 'keyword-only':
        return this.retrieved(q, variant, { ...NO_CHANNELS, keyword: true });
      case 'past-partners':
        return top(pastPartners(this.graphs.graph, q.subject));
      case 'adamic-adar':
        return top(adamicAdar(this.graphs.graph, q.subject));
      case 'random':
        return seededShuffle([...pool].sort(), seed + 1).slice(0, size);
    }
  }

  private async retrieved(
    q: DatasetQuery,
    criteria: MatchCriteria,
    channels: ChannelSet,
  ): Promise<string[]> {
    const run = await this.engine.match(q.subject, criteria, { channels });
    return run.retrieved.slice(0, criteria.rules.listSize);
  }

  /** Every party a baseline may suggest: other economies, not its own cluster, maybe not known. */
  private pool(q: DatasetQuery, table: DatasetTable): Set<string> {
    const me = this.replica.placements.get(q.subject)?.meta;
    const pool = new Set<string>();
    for (const [key, { meta }] of this.replica.placements) {
      if (meta.entity === 'item' || key === q.subject) continue;
      if (me && (meta.economy === me.economy || meta.clusterId === me.clusterId)) continue;
      if (table === 'new' && q.known.has(key)) continue;
      pool.add(key);
    }
    return pool;
  }
}
