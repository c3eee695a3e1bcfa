import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/infra/sqlite/migrations';
import { migrate, openSqlite } from '../../src/infra/sqlite/sqlite-database';

describe('SQLite migrations', () => {
  it('applies each version once, in order, and records it', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, MIGRATIONS)).toEqual([]);
    const applied = db
      .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
      .all() as { version: number }[];
    expect(applied.map((a) => a.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('upgrades a version-1 store keeping its change log, which then takes embedding entries and only known entities', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare(
      "INSERT INTO change_log (entity, entity_id, op, at) VALUES ('cluster', 'c1', 'upsert', 'now')",
    ).run();
    expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    db.prepare(
      "INSERT INTO change_log (entity, entity_id, op, at) VALUES ('embedding', 'cluster:c1', 'upsert', 'now')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO change_log (entity, entity_id, op, at) VALUES ('economy', 'KR', 'upsert', 'now')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(db.prepare('SELECT seq, entity FROM change_log ORDER BY seq').all()).toEqual([
      { seq: 1, entity: 'cluster' },
      { seq: 2, entity: 'embedding' },
    ]);
  });

  it('counts introductions accepted before the contact-release email as told; old reasons stay text', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 10),
    );
    const insert = db.prepare(
      `INSERT INTO introductions (id, requester_key, target_key, requester_cluster_id, target_cluster_id, requester_economy,
         target_economy, suggestion_id, message, status, requested_by, created_at, expires_at, decided_at)
       VALUES (?, 'cluster:a', 'cluster:b', 'a', 'b', 'KR', 'JP', 's', 'm', ?, 'k', 't0', 't9', ?)`,
    );
    insert.run('accepted', 'accepted', 't1');
    insert.run('pending', 'pending', null);
    insert.run('declined', 'declined', 't2');
    expect(migrate(db, MIGRATIONS)).toEqual(
      MIGRATIONS.filter((m) => m.version >= 10).map((m) => m.version),
    );
    expect(
      db.prepare('SELECT id, release_notified_at FROM introductions ORDER BY id').all(),
    ).toEqual([
      { id: 'accepted', release_notified_at: 't1' },
      { id: 'declined', release_notified_at: null },
      { id: 'pending', release_notified_at: null },
    ]);
    expect(
      db
        .prepare("SELECT name FROM pragma_table_info('suggestions') WHERE name = 'reason_parts'")
        .all(),
    ).toEqual([{ name: 'reason_parts' }]);
  });

  it('opens stores in WAL mode with foreign keys and full sync', () => {
    const db = openSqlite(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});
