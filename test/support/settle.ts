import { INestApplication } from '@nestjs/common';
import { APP_CONFIG } from '../../src/common/config/config.module';
import { AppConfig } from '../../src/common/config/app-config';
import { EmbeddingService } from '../../src/embeddings/embedding.service';
import { ChangeFeed } from '../../src/infra/change-feed';
import { JobQueue, QueueName } from '../../src/jobs/jobs';
import { PipelineService } from '../../src/pipeline/pipeline.service';
import { IndexReplica } from '../../src/vector-index/index-replica.service';

/**
 * Waits until every write so far is embedded and in this app's index. With the job processors
 * on, until the pipeline is idle (nothing queued or running, nothing left in the change log);
 * with them off, by running the embedding and the catch-up directly.
 */
export async function settle(app: INestApplication, timeoutMs = 120000): Promise<void> {
  const replica = app.get(IndexReplica);
  await replica.whenReady();
  if (!app.get<AppConfig>(APP_CONFIG).jobs.processors) {
    await app.get(EmbeddingService).sync();
    await replica.catchUp();
    return;
  }
  const deadline = Date.now() + timeoutMs;
  const queue = app.get(JobQueue);
  const pipeline = app.get(PipelineService);
  const changes = app.get(ChangeFeed);
  for (;;) {
    const counts = await queue.counts();
    const busy = Object.values(QueueName).some(
      (q) => counts[q].waiting + counts[q].active + counts[q].delayed > 0,
    );
    const pending = await pipeline.pendingWork();
    if (
      !busy &&
      !pending.embed &&
      !pending.match &&
      replica.status().watermark >= (await changes.head())
    )
      return;
    if (Date.now() > deadline)
      throw new Error(`not idle after ${timeoutMs} ms: ${JSON.stringify({ counts, pending })}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
