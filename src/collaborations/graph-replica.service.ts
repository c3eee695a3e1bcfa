import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { ChangeFeed } from '../infra/change-feed';
import { Collaboration } from './collaboration';
import { CollaborationGraph, GraphCollaboration } from './collaboration-graph';
import { CollaborationsRepository } from './collaborations.repository';

const PAGE = 1000;

/**
 * This process's copy of the collaboration graph: loaded from the store at start, then following
 * the change log (every INDEX_SYNC_INTERVAL_MS), as the index replica does, so a collaboration
 * written by any process reaches every process's matching.
 */
@Injectable()
export class GraphReplica implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(GraphReplica.name);
  readonly graph = new CollaborationGraph();
  private watermark = 0;
  private started?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CollaborationsRepository) private readonly collaborations: CollaborationsRepository,
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
  ) {}

  onApplicationBootstrap(): void {
    void this.start().catch((error: unknown) =>
      this.logger.error({ err: error }, 'the collaboration graph could not load'),
    );
  }

  /** Loads the graph (once), then follows the change log. */
  start(): Promise<void> {
    this.started ??= this.load();
    return this.started;
  }

  status(): { collaborations: number; parties: number; watermark: number } {
    return {
      collaborations: this.graph.size,
      parties: this.graph.parties,
      watermark: this.watermark,
    };
  }

  /** Applies every collaboration change written since the watermark. */
  catchUp(): Promise<number> {
    return this.exclusive(async () => {
      for (;;) {
        const changes = await this.changes.readAfter(this.watermark, PAGE);
        if (!changes.length) return this.watermark;
        const ids = [
          ...new Set(changes.filter((c) => c.entity === 'collaboration').map((c) => c.entityId)),
        ];
        if (ids.length) {
          const found = new Map((await this.collaborations.findByIds(ids)).map((c) => [c.id, c]));
          for (const id of ids) {
            const c = found.get(id);
            if (c) this.graph.put(toGraph(c));
            else this.graph.remove(id);
          }
        }
        this.watermark = changes[changes.length - 1].seq;
      }
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async load(): Promise<void> {
    const started = Date.now();
    await this.exclusive(async () => {
      this.watermark = await this.changes.head();
      let after: string | undefined;
      for (;;) {
        const page = (await this.collaborations.list({}, { limit: PAGE, after })).slice(0, PAGE);
        if (!page.length) break;
        for (const c of page) this.graph.put(toGraph(c));
        after = page[page.length - 1].id;
      }
    });
    await this.catchUp();
    this.timer = setInterval(
      () =>
        void this.catchUp().catch((e: unknown) =>
          this.logger.error({ err: e }, 'collaboration graph catch-up failed'),
        ),
      this.config.index.syncIntervalMs,
    );
    this.timer.unref();
    this.logger.log(
      { collaborations: this.graph.size, parties: this.graph.parties, ms: Date.now() - started },
      'collaboration graph loaded',
    );
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function toGraph(c: Collaboration): GraphCollaboration {
  return { id: c.id, title: c.title, startDate: c.startDate, parties: c.parties };
}
