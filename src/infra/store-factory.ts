import { ApiKeysRepository } from '../auth/api-keys.repository';
import { MongoApiKeysRepository } from '../auth/mongo-api-keys.repository';
import { SqliteApiKeysRepository } from '../auth/sqlite-api-keys.repository';
import { MongoClustersRepository } from '../clusters/mongo-clusters.repository';
import { SqliteClustersRepository } from '../clusters/sqlite-clusters.repository';
import { AppConfig } from '../common/config/app-config';
import { DigestsRepository } from '../digests/digests.repository';
import { MongoDigestsRepository } from '../digests/mongo-digests.repository';
import { SqliteDigestsRepository } from '../digests/sqlite-digests.repository';
import { IntroductionsRepository } from '../introductions/introductions.repository';
import { MongoIntroductionsRepository } from '../introductions/mongo-introductions.repository';
import { SqliteIntroductionsRepository } from '../introductions/sqlite-introductions.repository';
import { MongoRecomputeRunsRepository } from '../jobs/mongo-recompute-runs.repository';
import { RecomputeRunsRepository } from '../jobs/recompute-runs.repository';
import { SqliteFailedJobs } from '../jobs/sqlite-failed-jobs';
import { SqlitePendingJobs } from '../jobs/sqlite-pending-jobs';
import { SqliteRecomputeRunsRepository } from '../jobs/sqlite-recompute-runs.repository';
import { CriteriaRepository } from '../criteria/criteria.repository';
import { MongoCriteriaRepository } from '../criteria/mongo-criteria.repository';
import { SqliteCriteriaRepository } from '../criteria/sqlite-criteria.repository';
import {
  MongoFeedbackRepository,
  MongoSuggestionsRepository,
} from '../suggestions/mongo-suggestions.repository';
import {
  SqliteFeedbackRepository,
  SqliteSuggestionsRepository,
} from '../suggestions/sqlite-suggestions.repository';
import { FeedbackRepository, SuggestionsRepository } from '../suggestions/suggestions.repository';
import { MongoEconomiesRepository } from '../economies/mongo-economies.repository';
import { SqliteEconomiesRepository } from '../economies/sqlite-economies.repository';
import { MongoImportRunsRepository } from '../import/mongo-import-runs.repository';
import { SqliteImportRunsRepository } from '../import/sqlite-import-runs.repository';
import { MongoItemsRepository } from '../items/mongo-items.repository';
import { SqliteItemsRepository } from '../items/sqlite-items.repository';
import { MongoMembersRepository } from '../members/mongo-members.repository';
import { SqliteMembersRepository } from '../members/sqlite-members.repository';
import { EmbeddingsRepository } from '../embeddings/embeddings.repository';
import { MongoEmbeddingsRepository } from '../embeddings/mongo-embeddings.repository';
import { SqliteEmbeddingsRepository } from '../embeddings/sqlite-embeddings.repository';
import { ChangeFeed, ConsumerCursors } from './change-feed';
import { MongoChangeFeed, MongoConsumerCursors } from './mongo/mongo-change-feed';
import { MongoStore } from './mongo/mongo-store';
import { SqliteChangeFeed, SqliteConsumerCursors } from './sqlite/sqlite-change-feed';
import { MongoUnitOfWork } from './mongo/mongo-unit-of-work';
import { Db, openSqlite } from './sqlite/sqlite-database';
import { SqliteUnitOfWork } from './sqlite/sqlite-unit-of-work';
import { StoreConnection } from './store-connection';
import { StoreTx, UnitOfWork } from './unit-of-work';

/** Every repository port of one store, its unit of work and its connection. */
export interface Store extends StoreTx {
  apiKeys: ApiKeysRepository;
  embeddings: EmbeddingsRepository;
  changes: ChangeFeed;
  cursors: ConsumerCursors;
  criteria: CriteriaRepository;
  suggestions: SuggestionsRepository;
  feedback: FeedbackRepository;
  recomputeRuns: RecomputeRunsRepository;
  digests: DigestsRepository;
  introductions: IntroductionsRepository;
  /** Failed jobs of the inline job driver: the embedded store only. */
  failedJobs?: SqliteFailedJobs;
  /** Queued jobs of the inline job driver: the embedded store only. */
  pendingJobs?: SqlitePendingJobs;
  uow: UnitOfWork;
  connection: StoreConnection;
}

class SqliteConnection extends StoreConnection {
  readonly kind = 'sqlite' as const;
  constructor(readonly db: Db) {
    super();
  }
  ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
    return Promise.resolve();
  }
  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

class MongoConnection extends StoreConnection {
  readonly kind = 'mongodb' as const;
  constructor(readonly store: MongoStore) {
    super();
  }
  async ping(): Promise<void> {
    await this.store.connection.db!.admin().ping();
  }
  close(): Promise<void> {
    return this.store.close();
  }
}

/** The embedded store: one SQLite file (or ':memory:'). */
export function openSqliteStore(path: string): Store {
  const db = openSqlite(path);
  const tx: StoreTx = {
    economies: new SqliteEconomiesRepository(db),
    clusters: new SqliteClustersRepository(db),
    members: new SqliteMembersRepository(db),
    items: new SqliteItemsRepository(db),
    imports: new SqliteImportRunsRepository(db),
  };
  return {
    ...tx,
    apiKeys: new SqliteApiKeysRepository(db),
    embeddings: new SqliteEmbeddingsRepository(db),
    changes: new SqliteChangeFeed(db),
    cursors: new SqliteConsumerCursors(db),
    criteria: new SqliteCriteriaRepository(db),
    suggestions: new SqliteSuggestionsRepository(db),
    feedback: new SqliteFeedbackRepository(db),
    recomputeRuns: new SqliteRecomputeRunsRepository(db),
    digests: new SqliteDigestsRepository(db),
    introductions: new SqliteIntroductionsRepository(db),
    failedJobs: new SqliteFailedJobs(db),
    pendingJobs: new SqlitePendingJobs(db),
    uow: new SqliteUnitOfWork(db, tx),
    connection: new SqliteConnection(db),
  };
}

/** The full deployment's store: MongoDB (a replica set, for transactions). */
export async function openMongoStore(uri: string): Promise<Store> {
  const store = await MongoStore.connect(uri);
  const repos = {
    economies: new MongoEconomiesRepository(store),
    clusters: new MongoClustersRepository(store),
    members: new MongoMembersRepository(store),
    items: new MongoItemsRepository(store),
    imports: new MongoImportRunsRepository(store),
  };
  const others = {
    apiKeys: new MongoApiKeysRepository(store),
    embeddings: new MongoEmbeddingsRepository(store),
    changes: new MongoChangeFeed(store),
    cursors: new MongoConsumerCursors(store),
    criteria: new MongoCriteriaRepository(store),
    suggestions: new MongoSuggestionsRepository(store),
    feedback: new MongoFeedbackRepository(store),
    recomputeRuns: new MongoRecomputeRunsRepository(store),
    digests: new MongoDigestsRepository(store),
    introductions: new MongoIntroductionsRepository(store),
  };
  await store.ensureIndexes();
  return {
    ...repos,
    ...others,
    uow: new MongoUnitOfWork(store, repos),
    connection: new MongoConnection(store),
  };
}

export function openStore(config: AppConfig): Store | Promise<Store> {
  return config.store.kind === 'mongodb'
    ? openMongoStore(config.store.mongodbUri!)
    : openSqliteStore(config.store.sqlitePath);
}
