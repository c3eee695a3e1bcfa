import { MongoApiKeysRepository } from '../../src/auth/mongo-api-keys.repository';
import { SqliteApiKeysRepository } from '../../src/auth/sqlite-api-keys.repository';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository';
import { MongoSessionsRepository } from '../../src/auth/mongo-sessions.repository';
import { SessionsRepository } from '../../src/auth/sessions.repository';
import { SqliteSessionsRepository } from '../../src/auth/sqlite-sessions.repository';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { CollaborationsRepository } from '../../src/collaborations/collaborations.repository';
import { MongoCollaborationsRepository } from '../../src/collaborations/mongo-collaborations.repository';
import { SqliteCollaborationsRepository } from '../../src/collaborations/sqlite-collaborations.repository';
import { MongoClustersRepository } from '../../src/clusters/mongo-clusters.repository';
import { SqliteClustersRepository } from '../../src/clusters/sqlite-clusters.repository';
import { CriteriaRepository } from '../../src/criteria/criteria.repository';
import { MongoCriteriaRepository } from '../../src/criteria/mongo-criteria.repository';
import { SqliteCriteriaRepository } from '../../src/criteria/sqlite-criteria.repository';
import { DigestsRepository } from '../../src/digests/digests.repository';
import { MongoDigestsRepository } from '../../src/digests/mongo-digests.repository';
import { SqliteDigestsRepository } from '../../src/digests/sqlite-digests.repository';
import { EconomiesRepository } from '../../src/economies/economies.repository';
import { MongoEconomiesRepository } from '../../src/economies/mongo-economies.repository';
import { SqliteEconomiesRepository } from '../../src/economies/sqlite-economies.repository';
import { EmbeddingsRepository } from '../../src/embeddings/embeddings.repository';
import { MongoEmbeddingsRepository } from '../../src/embeddings/mongo-embeddings.repository';
import { SqliteEmbeddingsRepository } from '../../src/embeddings/sqlite-embeddings.repository';
import { ImportRunsRepository } from '../../src/import/import-runs.repository';
import { MongoImportRunsRepository } from '../../src/import/mongo-import-runs.repository';
import { SqliteImportRunsRepository } from '../../src/import/sqlite-import-runs.repository';
import { ChangeFeed, ConsumerCursors } from '../../src/infra/change-feed';
import { MongoChangeFeed, MongoConsumerCursors } from '../../src/infra/mongo/mongo-change-feed';
import { MongoUnitOfWork } from '../../src/infra/mongo/mongo-unit-of-work';
import { SqliteChangeFeed, SqliteConsumerCursors } from '../../src/infra/sqlite/sqlite-change-feed';
import { SqliteUnitOfWork } from '../../src/infra/sqlite/sqlite-unit-of-work';
import { StoreAdapters, adapterFor } from '../../src/infra/store-adapter';
import {
  MongoConnection,
  SqliteConnection,
  StoreConnection,
  openMongoConnection,
  openSqliteConnection,
} from '../../src/infra/store-connection';
import { UnitOfWork } from '../../src/infra/unit-of-work';
import { IntroductionsRepository } from '../../src/introductions/introductions.repository';
import { MongoIntroductionsRepository } from '../../src/introductions/mongo-introductions.repository';
import { SqliteIntroductionsRepository } from '../../src/introductions/sqlite-introductions.repository';
import { ItemsRepository } from '../../src/items/items.repository';
import { MongoItemsRepository } from '../../src/items/mongo-items.repository';
import { SqliteItemsRepository } from '../../src/items/sqlite-items.repository';
import { MembersRepository } from '../../src/members/members.repository';
import { MongoMembersRepository } from '../../src/members/mongo-members.repository';
import { SqliteMembersRepository } from '../../src/members/sqlite-members.repository';
import { MongoRecomputeRunsRepository } from '../../src/pipeline/mongo-recompute-runs.repository';
import { RecomputeRunsRepository } from '../../src/pipeline/recompute-runs.repository';
import { SqliteRecomputeRunsRepository } from '../../src/pipeline/sqlite-recompute-runs.repository';
import {
  MongoFeedbackRepository,
  MongoSuggestionsRepository,
} from '../../src/suggestions/mongo-suggestions.repository';
import {
  SqliteFeedbackRepository,
  SqliteSuggestionsRepository,
} from '../../src/suggestions/sqlite-suggestions.repository';
import {
  FeedbackRepository,
  SuggestionsRepository,
} from '../../src/suggestions/suggestions.repository';

/**
 * Every repository port of one store, built the way the feature modules build them: what the
 * contract suites test, without Nest. (The service wires each adapter in its own module.)
 */
export interface Store {
  economies: EconomiesRepository;
  clusters: ClustersRepository;
  members: MembersRepository;
  items: ItemsRepository;
  imports: ImportRunsRepository;
  apiKeys: ApiKeysRepository;
  sessions: SessionsRepository;
  embeddings: EmbeddingsRepository;
  changes: ChangeFeed;
  cursors: ConsumerCursors;
  criteria: CriteriaRepository;
  suggestions: SuggestionsRepository;
  feedback: FeedbackRepository;
  recomputeRuns: RecomputeRunsRepository;
  digests: DigestsRepository;
  introductions: IntroductionsRepository;
  collaborations: CollaborationsRepository;
  uow: UnitOfWork;
  connection: StoreConnection;
}

const ADAPTERS: { [K in Exclude<keyof Store, 'connection'>]: StoreAdapters<Store[K]> } = {
  economies: {
    sqlite: (db) => new SqliteEconomiesRepository(db),
    mongodb: (s) => new MongoEconomiesRepository(s),
  },
  clusters: {
    sqlite: (db) => new SqliteClustersRepository(db),
    mongodb: (s) => new MongoClustersRepository(s),
  },
  members: {
    sqlite: (db) => new SqliteMembersRepository(db),
    mongodb: (s) => new MongoMembersRepository(s),
  },
  items: {
    sqlite: (db) => new SqliteItemsRepository(db),
    mongodb: (s) => new MongoItemsRepository(s),
  },
  imports: {
    sqlite: (db) => new SqliteImportRunsRepository(db),
    mongodb: (s) => new MongoImportRunsRepository(s),
  },
  apiKeys: {
    sqlite: (db) => new SqliteApiKeysRepository(db),
    mongodb: (s) => new MongoApiKeysRepository(s),
  },
  sessions: {
    sqlite: (db) => new SqliteSessionsRepository(db),
    mongodb: (s) => new MongoSessionsRepository(s),
  },
  embeddings: {
    sqlite: (db) => new SqliteEmbeddingsRepository(db),
    mongodb: (s) => new MongoEmbeddingsRepository(s),
  },
  changes: { sqlite: (db) => new SqliteChangeFeed(db), mongodb: (s) => new MongoChangeFeed(s) },
  cursors: {
    sqlite: (db) => new SqliteConsumerCursors(db),
    mongodb: (s) => new MongoConsumerCursors(s),
  },
  criteria: {
    sqlite: (db) => new SqliteCriteriaRepository(db),
    mongodb: (s) => new MongoCriteriaRepository(s),
  },
  suggestions: {
    sqlite: (db) => new SqliteSuggestionsRepository(db),
    mongodb: (s) => new MongoSuggestionsRepository(s),
  },
  feedback: {
    sqlite: (db) => new SqliteFeedbackRepository(db),
    mongodb: (s) => new MongoFeedbackRepository(s),
  },
  recomputeRuns: {
    sqlite: (db) => new SqliteRecomputeRunsRepository(db),
    mongodb: (s) => new MongoRecomputeRunsRepository(s),
  },
  digests: {
    sqlite: (db) => new SqliteDigestsRepository(db),
    mongodb: (s) => new MongoDigestsRepository(s),
  },
  introductions: {
    sqlite: (db) => new SqliteIntroductionsRepository(db),
    mongodb: (s) => new MongoIntroductionsRepository(s),
  },
  collaborations: {
    sqlite: (db) => new SqliteCollaborationsRepository(db),
    mongodb: (s) => new MongoCollaborationsRepository(s),
  },
  uow: { sqlite: (db) => new SqliteUnitOfWork(db), mongodb: (s) => new MongoUnitOfWork(s) },
};

function storeOn(connection: StoreConnection): Store {
  const store = { connection } as Store;
  for (const [name, adapters] of Object.entries(ADAPTERS))
    (store as unknown as Record<string, unknown>)[name] = adapterFor(
      connection,
      adapters as StoreAdapters<unknown>,
    );
  return store;
}

export function openSqliteStore(path: string): Store & { connection: SqliteConnection } {
  return storeOn(openSqliteConnection(path)) as Store & { connection: SqliteConnection };
}

export async function openMongoStore(
  uri: string,
): Promise<Store & { connection: MongoConnection }> {
  const connection = await openMongoConnection(uri);
  const store = storeOn(connection) as Store & { connection: MongoConnection };
  await connection.store.ensureIndexes();
  return store;
}
