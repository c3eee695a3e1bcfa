import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Metrics } from '../common/metrics/metrics';
import { EmbeddingService } from '../embeddings/embedding.service';
import { ChangeFeed } from '../infra/change-feed';
import { JobQueue, QueueCounts } from '../jobs/jobs';
import { IndexReplica } from '../vector-index/index-replica.service';

/**
 * The pipeline's series, read when /metrics is scraped: queue depths by queue and state, this
 * process's index sizes and lag behind the change log, and the embedding lag.
 */
@Injectable()
export class PipelineMetrics implements OnModuleInit {
  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(EmbeddingService) private readonly embeddings: EmbeddingService,
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge({
      name: 'pec_queue_jobs',
      help: 'Jobs by queue and state (waiting, active, delayed, scheduled, failed)',
      labelNames: ['queue', 'state'],
      collect: async (set) => {
        const queues: Record<string, QueueCounts> = await this.queue.counts();
        for (const [queue, counts] of Object.entries(queues))
          for (const [state, n] of Object.entries(counts) as [string, number][])
            set({ queue, state }, n);
      },
    });
    this.metrics.gauge({
      name: 'pec_index_vectors',
      help: "This process's vector index: records by partition (profile, need, offer)",
      labelNames: ['partition'],
      collect: (set) => {
        for (const [partition, n] of Object.entries(this.replica.status().sizes))
          set({ partition }, n);
      },
    });
    this.metrics.gauge({
      name: 'pec_index_lag_changes',
      help: "Changes in the change log that this process's index has not applied yet",
      collect: async (set) =>
        set({}, (await this.changes.head()) - this.replica.status().watermark),
    });
    this.metrics.gauge({
      name: 'pec_embedding_lag_changes',
      help: 'Changes in the change log that have not been embedded yet',
      collect: async (set) => set({}, await this.embeddings.lag()),
    });
    this.metrics.gauge({
      name: 'pec_change_log_head',
      help: 'The newest change-log position',
      collect: async (set) => set({}, await this.changes.head()),
    });
  }
}
