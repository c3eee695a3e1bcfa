import { Inject, Injectable } from '@nestjs/common';
import { managesCluster, managesMember } from '../auth/access-policy';
import { Principal } from '../auth/principal';
import { Cluster } from '../clusters/cluster';
import { Collaboration } from '../collaborations/collaboration';
import { CollaborationsRepository } from '../collaborations/collaborations.repository';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { forbidden, notFound } from '../common/errors/domain-error';
import { DigestRecord, DigestSettings } from '../digests/digest';
import { DigestsRepository } from '../digests/digests.repository';
import { Embedder } from '../embeddings/embedder';
import { EmbeddingsRepository } from '../embeddings/embeddings.repository';
import { Introduction, IntroductionEvent } from '../introductions/introduction';
import { IntroductionsRepository } from '../introductions/introductions.repository';
import { CollaborationItem } from '../items/item';
import { ItemsRepository } from '../items/items.repository';
import { Member } from '../members/member';
import { MembersRepository } from '../members/members.repository';
import { Feedback } from '../suggestions/suggestion';
import { FeedbackRepository, SuggestionsRepository } from '../suggestions/suggestions.repository';

/** One party's data, as given to it on request. */
export interface PartyExport {
  format: 'pec-match-export/1';
  exportedAt: string;
  subject: string;
  profile: Cluster | Member;
  /** A cluster's members, with their own data below under `subjects`. */
  members: Member[];
  items: CollaborationItem[];
  /** Per record: which model embedded which text version (the vectors are derived from the texts). */
  vectors: { entity: string; id: string; modelId: string; dimension: number; updatedAt: string }[];
  subjects: Record<
    string,
    {
      suggestions: {
        rank: number;
        partner: string;
        partnerEconomy: string;
        score: number;
        reason: string;
        computedAt: string;
      }[];
      feedback: Feedback[];
      digestSettings: DigestSettings | null;
      digests: DigestRecord[];
    }
  >;
  /** Introductions asked by or of these parties: the other side by key and economy only. */
  /** Collaborations these parties took part in (who worked with whom, from registries and introductions). */
  collaborations: Collaboration[];
  introductions: (Omit<
    Introduction,
    'requestedBy' | 'decidedBy' | 'requestNotifiedAt' | 'decisionNotifiedAt' | 'releaseNotifiedAt'
  > & { events: Omit<IntroductionEvent, 'actor'>[] })[];
}

const PAGE = 500;

/** The export of a cluster’s or member’s data, as one JSON document (`pec-match-export/1`). */
@Injectable()
export class PartyExporter {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(EmbeddingsRepository) private readonly embeddings: EmbeddingsRepository,
    @Inject(Embedder) private readonly embedder: Embedder,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(IntroductionsRepository) private readonly introductions: IntroductionsRepository,
    @Inject(CollaborationsRepository) private readonly collaborations: CollaborationsRepository,
  ) {}

  async exportCluster(p: Principal, id: string): Promise<PartyExport> {
    const cluster = await this.clusters.findById(id);
    if (!cluster) throw notFound('CLUSTER.NOT_FOUND', 'Cluster', id);
    if (!managesCluster(p, id))
      throw forbidden('EXPORT.FORBIDDEN', 'Only the cluster’s managers and operators export it');
    const members = await this.all((after) =>
      this.members.list({ clusterId: id }, { limit: PAGE, after }),
    );
    const items = await this.all((after) =>
      this.items.list({ clusterId: id }, { limit: PAGE, after }),
    );
    return this.build(`cluster:${id}`, cluster, members, items, [
      `cluster:${id}`,
      ...members.map((m) => `member:${m.id}`),
    ]);
  }

  async exportMember(p: Principal, id: string): Promise<PartyExport> {
    const member = await this.members.findById(id);
    if (!member) throw notFound('MEMBER.NOT_FOUND', 'Member', id);
    if (!managesMember(p, { clusterId: member.clusterId, memberId: id }))
      throw forbidden(
        'EXPORT.FORBIDDEN',
        'Only the member, its cluster’s managers and operators export it',
      );
    const items = await this.all((after) =>
      this.items.list({ memberId: id }, { limit: PAGE, after }),
    );
    return this.build(`member:${id}`, member, [], items, [`member:${id}`]);
  }

  private async build(
    subject: string,
    profile: Cluster | Member,
    members: Member[],
    items: CollaborationItem[],
    keys: string[],
  ): Promise<PartyExport> {
    const modelId = this.embedder.modelId;
    const refs = [
      ...keys.map((k) => ({
        entity: k.slice(0, k.indexOf(':')) as 'cluster' | 'member',
        id: k.slice(k.indexOf(':') + 1),
      })),
      ...items.map((i) => ({ entity: 'item' as const, id: i.id })),
    ];
    const vectors = [];
    for (let i = 0; i < refs.length; i += PAGE)
      for (const e of await this.embeddings.findMany(modelId, refs.slice(i, i + PAGE)))
        vectors.push({
          entity: e.entity,
          id: e.id,
          modelId: e.modelId,
          dimension: e.dimension,
          updatedAt: e.updatedAt,
        });
    const subjects: PartyExport['subjects'] = {};
    const introductions = new Map<string, PartyExport['introductions'][number]>();
    for (const key of keys) {
      const list = await this.suggestions.list(key, {}, { limit: 1000 });
      subjects[key] = {
        suggestions: list.map((s) => ({
          rank: s.rank,
          partner: s.partnerKey,
          partnerEconomy: s.partnerEconomy,
          score: s.score,
          reason: s.reason,
          computedAt: s.computedAt,
        })),
        feedback: await this.feedback.forSubject(key),
        digestSettings: (await this.digests.settings(key)) ?? null,
        digests: await this.digests.history(key),
      };
      let after: string | undefined;
      for (;;) {
        const page = await this.introductions.list(
          { parties: { keys: [key], clusterIds: [] } },
          { limit: PAGE, after },
        );
        for (const intro of page) {
          if (introductions.has(intro.id)) continue;
          const {
            requestedBy,
            decidedBy,
            requestNotifiedAt,
            decisionNotifiedAt,
            releaseNotifiedAt,
            ...rest
          } = intro;
          void [requestedBy, decidedBy, requestNotifiedAt, decisionNotifiedAt, releaseNotifiedAt];
          introductions.set(intro.id, {
            ...rest,
            events: (await this.introductions.events(intro.id)).map(({ actor, ...e }) => {
              void actor;
              return e;
            }),
          });
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1].id;
      }
    }
    return {
      format: 'pec-match-export/1',
      exportedAt: this.clock.nowIso(),
      subject,
      profile,
      members,
      items,
      vectors,
      subjects,
      introductions: [...introductions.values()],
      collaborations: await this.collaborationsOf(keys),
    };
  }

  private async collaborationsOf(keys: readonly string[]): Promise<Collaboration[]> {
    const found = new Map<string, Collaboration>();
    for (const party of keys)
      for (const c of await this.all((after) =>
        this.collaborations.list({ party }, { limit: PAGE, after }),
      ))
        found.set(c.id, c);
    return [...found.values()];
  }

  private async all<T extends { id: string }>(
    page: (after?: string) => Promise<T[]>,
  ): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (;;) {
      const rows = (await page(after)).slice(0, PAGE);
      out.push(...rows);
      if (rows.length < PAGE) return out;
      after = rows[rows.length - 1].id;
    }
  }
}
