import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { ClustersRepository } from '../clusters/clusters.repository';
import { AppConfig } from '../common/config/app-config';
import { EconomiesRepository } from '../economies/economies.repository';
import { ImportRunsRepository } from '../import/import-runs.repository';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';
import { CriteriaRepository } from '../criteria/criteria.repository';
import { DigestsRepository } from '../digests/digests.repository';
import { EmbeddingsRepository } from '../embeddings/embeddings.repository';
import { IntroductionsRepository } from '../introductions/introductions.repository';
import { RecomputeRunsRepository } from '../jobs/recompute-runs.repository';
import { SqliteFailedJobs } from '../jobs/sqlite-failed-jobs';
import { SqlitePendingJobs } from '../jobs/sqlite-pending-jobs';
import { FeedbackRepository, SuggestionsRepository } from '../suggestions/suggestions.repository';
import { ChangeFeed, ConsumerCursors } from './change-feed';
import { StoreConnection } from './store-connection';
import { Store, openStore } from './store-factory';
import { UnitOfWork } from './unit-of-work';

const STORE = Symbol('STORE');

const PORTS: [abstract new (...args: never[]) => unknown, (s: Store) => unknown][] = [
  [EconomiesRepository, (s) => s.economies],
  [ClustersRepository, (s) => s.clusters],
  [MembersRepository, (s) => s.members],
  [ItemsRepository, (s) => s.items],
  [ApiKeysRepository, (s) => s.apiKeys],
  [ImportRunsRepository, (s) => s.imports],
  [EmbeddingsRepository, (s) => s.embeddings],
  [ChangeFeed, (s) => s.changes],
  [ConsumerCursors, (s) => s.cursors],
  [CriteriaRepository, (s) => s.criteria],
  [SuggestionsRepository, (s) => s.suggestions],
  [FeedbackRepository, (s) => s.feedback],
  [RecomputeRunsRepository, (s) => s.recomputeRuns],
  [DigestsRepository, (s) => s.digests],
  [IntroductionsRepository, (s) => s.introductions],
  [SqliteFailedJobs, (s) => s.failedJobs ?? null],
  [SqlitePendingJobs, (s) => s.pendingJobs ?? null],
  [UnitOfWork, (s) => s.uow],
  [StoreConnection, (s) => s.connection],
];

@Injectable()
class StoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(StoreConnection) private readonly connection: StoreConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** Wires every repository port to the SQLite or the MongoDB adapter, as the config says. */
@Global()
@Module({})
export class StoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers: Provider[] = [
      { provide: STORE, useFactory: () => openStore(config) },
      ...PORTS.map(([provide, pick]) => ({ provide, useFactory: pick, inject: [STORE] })),
      StoreLifecycle,
    ];
    return { module: StoreModule, providers, exports: PORTS.map(([port]) => port) };
  }
}
