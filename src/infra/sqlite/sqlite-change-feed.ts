import { Change, ChangeFeed, ConsumerCursors } from '../change-feed';
import { Db, settle, stmt } from './sqlite-database';

interface ChangeRow {
  seq: number;
  entity: Change['entity'];
  entity_id: string;
  op: Change['op'];
  at: string;
}

export class SqliteChangeFeed extends ChangeFeed {
  constructor(private readonly db: Db) {
    super();
  }

  readAfter(afterSeq: number, limit: number): Promise<Change[]> {
    return settle(() =>
      (
        stmt(this.db, 'SELECT * FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?').all(
          afterSeq,
          limit,
        ) as ChangeRow[]
      ).map((r) => ({
        seq: r.seq,
        entity: r.entity,
        entityId: r.entity_id,
        op: r.op,
        at: r.at,
      })),
    );
  }

  head(): Promise<number> {
    return settle(
      () =>
        (
          stmt(this.db, 'SELECT coalesce(max(seq), 0) AS seq FROM change_log').get() as {
            seq: number;
          }
        ).seq,
    );
  }
}

export class SqliteConsumerCursors extends ConsumerCursors {
  constructor(private readonly db: Db) {
    super();
  }

  get(name: string): Promise<number | undefined> {
    return settle(
      () =>
        (
          stmt(this.db, 'SELECT seq FROM consumer_cursors WHERE name = ?').get(name) as
            { seq: number } | undefined
        )?.seq,
    );
  }

  reset(name: string): Promise<void> {
    return settle(() => {
      stmt(this.db, 'DELETE FROM consumer_cursors WHERE name = ?').run(name);
    });
  }

  set(name: string, seq: number, at: string): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        'INSERT INTO consumer_cursors (name, seq, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at',
      ).run(name, seq, at);
    });
  }
}
