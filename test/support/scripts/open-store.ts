import { openSqliteStore } from '../store-factory';

/** Opens (creating and migrating) the SQLite store at argv[2] at the instant argv[3] (ms since epoch). */
async function main(): Promise<void> {
  const [path, at] = process.argv.slice(2);
  await new Promise((r) => setTimeout(r, Math.max(0, Number(at) - Date.now())));
  const store = openSqliteStore(path);
  await store.connection.close();
  console.log('opened');
}

void main();
