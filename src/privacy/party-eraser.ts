import { Inject, Injectable, Logger } from '@nestjs/common';
import { managesCluster } from '../auth/access-policy';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { Principal, isOperator } from '../auth/principal';
import { ClustersRepository } from '../clusters/clusters.repository';
import { CollaborationsRepository } from '../collaborations/collaborations.repository';
import { Clock } from '../common/clock/clock';
import { forbidden, notFound } from '../common/errors/domain-error';
import { UnitOfWork } from '../infra/unit-of-work';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';
import { DigestsRepository } from '../digests/digests.repository';
import { EmbeddingsRepository } from '../embeddings/embeddings.repository';
import { IntroductionsRepository } from '../introductions/introductions.repository';
import { JobName, JobQueue } from '../jobs/jobs';
import { FeedbackRepository, SuggestionsRepository } from '../suggestions/suggestions.repository';

export interface ErasedParties {
  clusterIds: readonly string[];
  memberIds: readonly string[];
  itemIds: readonly string[];
}

export interface ErasureReport {
  vectors: number;
  suggestionListsTouched: number;
  feedback: number;
  digestRecords: number;
  introductions: number;
  /** Collaborations the party was taken out of (or deleted, when fewer than two parties remained). */
  collaborations: number;
}

/**
 * Deleting a cluster or member is erasing it (docs/decisions.md §1, §26): the records (a cluster
 * with its members and their items) in one unit of work, keys scoped only to them, and everything
 * derived from them — vectors (the index replicas drop them from the change log), its own
 * suggestion lists, every suggestion of it in others' lists (those lists are recomputed), feedback
 * by or about it, its digest settings and records, and the introductions it took part in.
 */
@Injectable()
export class PartyEraser {
  private readonly logger = new Logger(PartyEraser.name);

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(ApiKeysRepository) private readonly keys: ApiKeysRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(EmbeddingsRepository) private readonly embeddings: EmbeddingsRepository,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(IntroductionsRepository) private readonly introductions: IntroductionsRepository,
    @Inject(CollaborationsRepository) private readonly collaborations: CollaborationsRepository,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  /** Deletes the cluster with its members and their items (operators). */
  async eraseCluster(p: Principal, id: string): Promise<void> {
    if (!isOperator(p))
      throw forbidden('CLUSTER.DELETE_FORBIDDEN', 'Only operators delete clusters');
    if (!(await this.clusters.findById(id))) throw notFound('CLUSTER.NOT_FOUND', 'Cluster', id);
    const now = this.clock.nowIso();
    const { memberIds, itemIds } = await this.uow.run(async () => {
      const items = await this.items.deleteByCluster(id, now);
      const members = await this.members.deleteByCluster(id, now);
      await this.clusters.delete(id, now);
      return { memberIds: members, itemIds: items };
    });
    await this.keys.revokeForSubjects({ clusterIds: [id], memberIds }, now);
    await this.forget({ clusterIds: [id], memberIds, itemIds });
  }

  /** Deletes the member and its items (operators and the cluster's managers). */
  async eraseMember(p: Principal, id: string): Promise<void> {
    const member = await this.members.findById(id);
    if (!member) throw notFound('MEMBER.NOT_FOUND', 'Member', id);
    if (!managesCluster(p, member.clusterId))
      throw forbidden(
        'MEMBER.DELETE_FORBIDDEN',
        'Only operators and the cluster managers delete members',
      );
    const now = this.clock.nowIso();
    const itemIds = await this.uow.run(async () => {
      const items = await this.items.deleteByMember(id, now);
      await this.members.delete(id, now);
      return items;
    });
    await this.keys.revokeForSubjects({ clusterIds: [], memberIds: [id] }, now);
    await this.forget({ clusterIds: [], memberIds: [id], itemIds });
  }

  private async forget(erased: ErasedParties): Promise<ErasureReport> {
    const keys = [
      ...erased.clusterIds.map((id) => `cluster:${id}`),
      ...erased.memberIds.map((id) => `member:${id}`),
    ];
    const refs = [
      ...erased.clusterIds.map((id) => ({ entity: 'cluster' as const, id })),
      ...erased.memberIds.map((id) => ({ entity: 'member' as const, id })),
      ...erased.itemIds.map((id) => ({ entity: 'item' as const, id })),
    ];
    for (const ref of refs) await this.embeddings.deleteForEntity(ref);
    const touched = await this.suggestions.forgetParties(keys);
    const report: ErasureReport = {
      vectors: refs.length,
      suggestionListsTouched: touched.length,
      feedback: await this.feedback.forgetParties(keys),
      digestRecords: await this.digests.forgetParties(keys),
      introductions: await this.introductions.deleteForParties(keys),
      collaborations: await this.collaborations.forgetParties(keys, this.clock.nowIso()),
    };
    // The touched lists are stale (recomputed when read); recompute them ahead of time.
    if (touched.length)
      await this.queue
        .enqueueMany(
          JobName.MatchSubject,
          touched.map((subjectKey) => ({ payload: { subjectKey, minSeq: 0, force: true } })),
        )
        .catch((error: unknown) =>
          this.logger.warn(
            { err: (error as Error).message, lists: touched.length },
            'could not queue the recompute of lists that suggested an erased party',
          ),
        );
    this.logger.log({ parties: keys.length, ...report }, 'erased a deleted party’s derived data');
    return report;
  }
}
