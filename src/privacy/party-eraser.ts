import { Global, Inject, Injectable, Logger, Module, Optional } from '@nestjs/common';
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
}

/**
 * What a deletion must also remove, so that nothing of a deleted cluster or member is left: its
 * vectors (the index replicas drop them from the change log), its own suggestion lists, every
 * suggestion of it in others' lists (those lists are recomputed), feedback by or about it, its
 * digest settings and records, and the introductions it took part in.
 */
@Injectable()
export class PartyEraser {
  private readonly logger = new Logger(PartyEraser.name);

  constructor(
    @Inject(EmbeddingsRepository) private readonly embeddings: EmbeddingsRepository,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
    @Inject(DigestsRepository) private readonly digests: DigestsRepository,
    @Inject(IntroductionsRepository) private readonly introductions: IntroductionsRepository,
    @Optional() @Inject(JobQueue) private readonly queue?: JobQueue,
  ) {}

  async forget(erased: ErasedParties): Promise<ErasureReport> {
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
    };
    // The touched lists are stale (recomputed when read); recompute them ahead of time.
    if (this.queue && touched.length)
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

@Global()
@Module({ providers: [PartyEraser], exports: [PartyEraser] })
export class PrivacyCoreModule {}
