import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError, invalidInput } from '../common/errors/domain-error';
import { Embedder } from '../embeddings/embedder';
import { parseRefKey } from '../embeddings/embedding';
import { loadIndexables, Indexable } from '../vector-index/index-entries';
import { IndexReplica } from '../vector-index/index-replica.service';
import { PARTITIONS, VectorHit } from '../vector-index/vector-index';
import { ClustersRepository } from '../clusters/clusters.repository';
import { MembersRepository } from '../members/members.repository';
import { ItemsRepository } from '../items/items.repository';
import { sectorFilterProblems } from '../sectors/sector-catalog';
import { SearchHit, SearchQuery, SearchResponse } from './search.dto';

/** Semantic search over profiles, needs and offers: the query is embedded and looked up in the index. */
@Injectable()
export class SearchService {
  constructor(
    @Inject(Embedder) private readonly embedder: Embedder,
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async search(q: SearchQuery): Promise<SearchResponse> {
    const problems = sectorFilterProblems(q.sector);
    if (problems.length) throw invalidInput('VALIDATION.FAILED', problems);
    const index = this.replica.index;
    if (!index)
      throw new DomainError(
        'SEARCH.INDEX_NOT_READY',
        'unavailable',
        'The search index is still being built; retry in a moment',
      );
    const limit = q.limit ?? 20;
    const [vector] = await this.embedder.embed([q.q], 'query');
    const partitions = q.kind?.length ? q.kind : [...PARTITIONS];
    const hits: (VectorHit & { partition: (typeof PARTITIONS)[number] })[] = [];
    for (const partition of partitions) {
      const filter = {
        economies: q.economy ? [q.economy] : undefined,
        areas: q.area && partition !== 'profile' ? [q.area] : undefined,
        sector: q.sector,
        validOn: this.clock.today(),
      };
      if (q.area && partition === 'profile') continue;
      for (const hit of index.search({ partition, vector, k: limit, filter }))
        hits.push({ ...hit, partition });
    }
    hits.sort((a, b) => b.score - a.score);
    const top = hits.slice(0, limit);
    const records = await loadIndexables(
      top.map((h) => parseRefKey(h.key)),
      { clusters: this.clusters, members: this.members, items: this.items },
    );
    const results: SearchHit[] = [];
    for (const hit of top) {
      const record = records.get(hit.key);
      if (record) results.push(toHit(hit, hit.partition, record));
    }
    return { model: this.embedder.modelId, results };
  }
}

function toHit(hit: VectorHit, kind: (typeof PARTITIONS)[number], x: Indexable): SearchHit {
  const base = {
    id: x.record.id,
    kind,
    score: Math.round(hit.score * 10000) / 10000,
    economy: x.record.economy,
    sectors: x.record.sectors,
  };
  switch (x.entity) {
    case 'cluster':
      return {
        ...base,
        type: 'cluster',
        title: x.record.name,
        clusterId: x.record.id,
        summary: snippet(x.record.description),
      };
    case 'member':
      return {
        ...base,
        type: 'member',
        title: x.record.name,
        clusterId: x.record.clusterId,
        memberId: x.record.id,
        summary: snippet(x.record.description),
      };
    case 'item':
      return {
        ...base,
        type: 'item',
        title: x.record.title,
        clusterId: x.record.clusterId,
        memberId: x.record.memberId,
        area: x.record.area,
        summary: snippet(x.record.description),
      };
  }
}

function snippet(text: string): string {
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}
