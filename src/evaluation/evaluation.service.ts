import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/paths';
import { ItemsRepository } from '../items/items.repository';
import { CriteriaContent } from '../matching/criteria';
import { MatchingEngine } from '../matching/matching-engine';
import { IndexReplica } from '../vector-index/index-replica.service';
import { EvaluationSummary, seededShuffle, summarise } from './metrics';

/** Every retrieval channel off; a baseline switches on the ones it is made of. */
const NO_CHANNELS = {
  needOffer: false,
  profile: false,
  keyword: false,
  text: false,
  work: false,
  graph: false,
  active: false,
};

export const LABELS_PATH = join(projectRoot(), 'seeds', 'eval', 'labels.json');

export type Strategy = 'engine' | 'random' | 'keyword-only' | 'vector-only';
export const STRATEGIES: Strategy[] = ['engine', 'random', 'keyword-only', 'vector-only'];

export interface LabelledSubject {
  subject: string;
  relevant: Set<string>;
}

/**
 * Offline evaluation on the labelled set (seeds/eval/labels.json): for each labelled subject, the
 * top 10 of a strategy against its known good partners. Baselines run in the same pass: random
 * (seeded), keyword-only (BM25 channel alone), vector-only (the vector channels fused, no scoring).
 */
@Injectable()
export class EvaluationService {
  constructor(
    @Inject(MatchingEngine) private readonly engine: MatchingEngine,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(IndexReplica) private readonly replica: IndexReplica,
  ) {}

  /** Labelled pairs of items → subjects (item owners) and their good partners (the other owners). */
  async labelledSubjects(path = LABELS_PATH): Promise<LabelledSubject[]> {
    const { pairs } = JSON.parse(readFileSync(path, 'utf8')) as {
      pairs: { a: string; b: string }[];
    };
    const ownerOf = async (externalId: string) => {
      const item = await this.items.findByExternalId(externalId);
      return item && (item.memberId ? `member:${item.memberId}` : `cluster:${item.clusterId}`);
    };
    const relevant = new Map<string, Set<string>>();
    for (const { a, b } of pairs) {
      const [x, y] = [await ownerOf(a), await ownerOf(b)];
      if (!x || !y) continue;
      for (const [s, p] of [
        [x, y],
        [y, x],
      ]) {
        if (!relevant.has(s)) relevant.set(s, new Set());
        relevant.get(s)!.add(p);
      }
    }
    return [...relevant.entries()]
      .map(([subject, partners]) => ({ subject, relevant: partners }))
      .sort((a, b) => (a.subject < b.subject ? -1 : 1));
  }

  async evaluate(
    strategy: Strategy,
    criteria: CriteriaContent,
    subjects: LabelledSubject[],
  ): Promise<EvaluationSummary> {
    const parties = this.catalogue();
    const runs = [];
    for (const [n, s] of subjects.entries()) {
      const ranked = await this.rank(strategy, s.subject, criteria, parties, n);
      const subjectEconomy = parties.get(s.subject)?.economy;
      const candidateEconomies = new Set(
        [...parties.values()].map((p) => p.economy).filter((e) => e !== subjectEconomy),
      ).size;
      runs.push({
        ranked,
        relevant: s.relevant,
        economies: ranked.map((k) => parties.get(k)?.economy ?? '?'),
        candidateEconomies,
      });
    }
    return summarise(runs, parties.size);
  }

  private async rank(
    strategy: Strategy,
    subject: string,
    criteria: CriteriaContent,
    parties: Map<string, { economy: string; clusterId: string }>,
    seed: number,
  ): Promise<string[]> {
    const size = criteria.rules.listSize;
    switch (strategy) {
      case 'engine':
        return (await this.engine.match(subject, criteria)).matches.map((m) => m.partner.key);
      case 'keyword-only':
        return (
          await this.engine.match(subject, criteria, {
            channels: { ...NO_CHANNELS, keyword: true },
          })
        ).retrieved.slice(0, size);
      case 'vector-only':
        return (
          await this.engine.match(subject, criteria, {
            channels: { ...NO_CHANNELS, needOffer: true, profile: true },
          })
        ).retrieved.slice(0, size);
      case 'random': {
        const me = parties.get(subject);
        const pool = [...parties.entries()]
          .filter(([, p]) => p.economy !== me?.economy && p.clusterId !== me?.clusterId)
          .map(([k]) => k);
        return seededShuffle(pool, seed + 1).slice(0, size);
      }
    }
  }

  /** Every cluster and member the replica knows, with economy and cluster. */
  private catalogue(): Map<string, { economy: string; clusterId: string }> {
    const parties = new Map<string, { economy: string; clusterId: string }>();
    for (const [key, { meta }] of this.replica.placements)
      if (meta.entity !== 'item')
        parties.set(key, { economy: meta.economy, clusterId: meta.clusterId });
    return parties;
  }
}
