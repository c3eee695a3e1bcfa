import { randomBytes } from 'node:crypto';
import { Store, openMongoStore, openSqliteStore } from './store-factory';

/**
 * The stores a contract suite runs against: SQLite always, MongoDB when MONGODB_URI is set (each
 * suite in a database of its own, dropped afterwards).
 */
export interface StoreUnderTest {
  name: 'sqlite' | 'mongodb';
  skipReason?: string;
  open(): Promise<Store>;
  dispose(store: Store): Promise<void>;
}

export function storesUnderTest(): StoreUnderTest[] {
  const mongoUri = process.env.MONGODB_URI;
  // `npm run test:contract` in the compose profile: a deployer's proof must not pass by skipping.
  if (!mongoUri && process.env.CONTRACT_REQUIRE_MONGODB === 'true')
    throw new Error('CONTRACT_REQUIRE_MONGODB=true but MONGODB_URI is not set');
  return [
    {
      name: 'sqlite',
      open: () => Promise.resolve(openSqliteStore(':memory:')),
      dispose: (store) => store.connection.close(),
    },
    {
      name: 'mongodb',
      skipReason: mongoUri
        ? undefined
        : 'MONGODB_URI is not set: the MongoDB run of this contract suite is SKIPPED',
      open: () =>
        openMongoStore(withDatabase(mongoUri!, `pec_test_${randomBytes(4).toString('hex')}`)),
      dispose: async (store) => {
        const connection = store.connection as unknown as {
          store: { connection: { dropDatabase(): Promise<void> } };
        };
        await connection.store.connection.dropDatabase();
        await store.connection.close();
      },
    },
  ];
}

function withDatabase(uri: string, db: string): string {
  const url = new URL(uri);
  url.pathname = `/${db}`;
  return url.toString();
}

/**
 * Declares `suite` once per store; a store that cannot run here is reported as a skipped test
 * whose name says why, so the run shows it.
 */
export function describeContract(port: string, suite: (store: () => Store) => void): void {
  for (const target of storesUnderTest()) {
    describe(`${port} contract [${target.name}]`, () => {
      if (target.skipReason) {
        it.skip(target.skipReason, () => undefined);
        return;
      }
      let store: Store;
      beforeEach(async () => {
        store = await target.open();
      });
      afterEach(async () => {
        await target.dispose(store);
      });
      suite(() => store);
    });
  }
}
