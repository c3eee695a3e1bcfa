import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ChangeEntity } from '../change-feed';
import { MIGRATIONS, Migration } from './migrations';

export type Db = Database.Database;

/**
 * Opens the embedded store: WAL (readers never block the writer, several processes may share the
 * file), synchronous=FULL (a committed transaction survives a crash of the process or the machine),
 * foreign keys on, a page cache and memory map sized for reads, then applies pending migrations.
 */
export function openSqlite(path: string, migrations: Migration[] = MIGRATIONS): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 10000'); // first: another process may be creating the same file
  // Switching to WAL takes an exclusive lock and SQLite may answer SQLITE_BUSY at once, without
  // calling the busy handler, while another process creating the same file holds a lock.
  whileBusy(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Reads stay in memory: a 64 MiB page cache (SQLite's default is 2 MiB, less than one dev-set
  // load of lists and profiles) and the file mapped, so that hot pages cost no read() call.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  migrate(db, migrations);
  return db;
}

/** Runs `fn`, trying again for up to `limitMs` while SQLite answers that the database is busy. */
export function whileBusy<T>(fn: () => T, limitMs = 15000): T {
  const deadline = Date.now() + limitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, Math.min(200, 10 * 2 ** attempt)); // a synchronous back-off
    }
  }
}

/**
 * Applies the migrations not applied yet, each in an IMMEDIATE transaction (the write lock) that
 * checks again whether it is applied: processes opening one new file at once (the api and a
 * worker) apply each migration exactly once.
 */
export function migrate(db: Db, migrations: Migration[]): number[] {
  whileBusy(() =>
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`),
  );
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (isApplied.get(m.version)) continue;
    const applied = whileBusy(() =>
      db
        .transaction(() => {
          if (isApplied.get(m.version)) return false;
          db.exec(m.sql);
          db.prepare(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          ).run(m.version, m.name, new Date().toISOString());
          return true;
        })
        .immediate(),
    );
    if (applied) done.push(m.version);
  }
  return done;
}

export const json = {
  encode: (value: unknown): string => JSON.stringify(value),
  list: (text: string | null): string[] => (text ? (JSON.parse(text) as string[]) : []),
};

/** Appends to the change log; call inside the transaction that made the change. */
export function recordChange(
  db: Db,
  entity: ChangeEntity,
  entityId: string,
  op: 'upsert' | 'delete',
  at: string,
): number {
  const result = stmt(
    db,
    'INSERT INTO change_log (entity, entity_id, op, at) VALUES (?, ?, ?, ?)',
  ).run(entity, entityId, op, at);
  return Number(result.lastInsertRowid);
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection and SQL text. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Database.Statement>()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Runs synchronous store code as a promise: a throw becomes a rejection, as with MongoDB. */
export function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrown as is (SqliteError may come from another realm)
    return Promise.reject(error);
  }
}
