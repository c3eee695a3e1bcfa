import { PageRequest } from '../common/http/pagination';
import { Db, recordChange, settle, stmt } from '../infra/sqlite/sqlite-database';
import { isUniqueViolation, selectByIds } from '../infra/sqlite/sqlite-lists';
import { externalIdTaken } from '../infra/store-errors';
import { Collaboration, CollaborationSource } from './collaboration';
import { CollaborationsRepository } from './collaborations.repository';

interface Row {
  id: string;
  external_id: string | null;
  title: string;
  area: string | null;
  start_date: string | null;
  source: CollaborationSource;
  introduction_id: string | null;
  created_at: string;
  updated_at: string;
}

export class SqliteCollaborationsRepository extends CollaborationsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  save(c: Collaboration): Promise<void> {
    return settle(() => {
      try {
        this.db.transaction(() => {
          stmt(
            this.db,
            `INSERT INTO collaborations (id, external_id, title, area, start_date, source, introduction_id, created_at, updated_at)
             VALUES (@id, @external_id, @title, @area, @start_date, @source, @introduction_id, @created_at, @updated_at)
             ON CONFLICT (id) DO UPDATE SET external_id = excluded.external_id, title = excluded.title,
               area = excluded.area, start_date = excluded.start_date, updated_at = excluded.updated_at`,
          ).run({
            id: c.id,
            external_id: c.externalId,
            title: c.title,
            area: c.area,
            start_date: c.startDate,
            source: c.source,
            introduction_id: c.introductionId,
            created_at: c.createdAt,
            updated_at: c.updatedAt,
          });
          stmt(this.db, 'DELETE FROM collaboration_parties WHERE collaboration_id = ?').run(c.id);
          const add = stmt(
            this.db,
            'INSERT INTO collaboration_parties (collaboration_id, party_key) VALUES (?, ?)',
          );
          for (const party of c.parties) add.run(c.id, party);
          recordChange(this.db, 'collaboration', c.id, 'upsert', c.updatedAt);
        })();
      } catch (error) {
        if (isUniqueViolation(error, 'external_id')) throw externalIdTaken('collaboration')();
        throw error;
      }
    });
  }

  findById(id: string): Promise<Collaboration | undefined> {
    return settle(() => this.one('SELECT * FROM collaborations WHERE id = ?', id));
  }

  findByExternalId(externalId: string): Promise<Collaboration | undefined> {
    return settle(() => this.one('SELECT * FROM collaborations WHERE external_id = ?', externalId));
  }

  findByIntroduction(introductionId: string): Promise<Collaboration | undefined> {
    return settle(() =>
      this.one('SELECT * FROM collaborations WHERE introduction_id = ?', introductionId),
    );
  }

  findByIds(ids: readonly string[]): Promise<Collaboration[]> {
    return settle(() => this.withParties(selectByIds<Row>(this.db, 'collaborations', ids)));
  }

  list(filter: { party?: string }, page: PageRequest): Promise<Collaboration[]> {
    return settle(() => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.party) {
        where.push(
          'id IN (SELECT collaboration_id FROM collaboration_parties WHERE party_key = ?)',
        );
        params.push(filter.party);
      }
      if (page.after) {
        where.push('id > ?');
        params.push(page.after);
      }
      const sql = `SELECT * FROM collaborations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
      return this.withParties(stmt(this.db, sql).all(...params, page.limit + 1) as Row[]);
    });
  }

  delete(id: string, at: string): Promise<boolean> {
    return settle(() =>
      this.db.transaction(() => {
        const gone = stmt(this.db, 'DELETE FROM collaborations WHERE id = ?').run(id).changes > 0;
        if (gone) recordChange(this.db, 'collaboration', id, 'delete', at);
        return gone;
      })(),
    );
  }

  forgetParties(keys: readonly string[], at: string): Promise<number> {
    return settle(() =>
      this.db.transaction(() => {
        const touched = new Set<string>();
        for (const key of keys)
          for (const { collaboration_id } of stmt(
            this.db,
            'SELECT collaboration_id FROM collaboration_parties WHERE party_key = ?',
          ).all(key) as { collaboration_id: string }[])
            touched.add(collaboration_id);
        for (const id of touched) {
          for (const key of keys)
            stmt(
              this.db,
              'DELETE FROM collaboration_parties WHERE collaboration_id = ? AND party_key = ?',
            ).run(id, key);
          const left = (
            stmt(
              this.db,
              'SELECT count(*) AS n FROM collaboration_parties WHERE collaboration_id = ?',
            ).get(id) as { n: number }
          ).n;
          if (left < 2) {
            stmt(this.db, 'DELETE FROM collaborations WHERE id = ?').run(id);
            recordChange(this.db, 'collaboration', id, 'delete', at);
          } else {
            stmt(this.db, 'UPDATE collaborations SET updated_at = ? WHERE id = ?').run(at, id);
            recordChange(this.db, 'collaboration', id, 'upsert', at);
          }
        }
        return touched.size;
      })(),
    );
  }

  count(): Promise<number> {
    return settle(
      () => (stmt(this.db, 'SELECT count(*) AS n FROM collaborations').get() as { n: number }).n,
    );
  }

  private one(sql: string, value: string): Collaboration | undefined {
    const row = stmt(this.db, sql).get(value) as Row | undefined;
    return row && this.withParties([row])[0];
  }

  private withParties(rows: Row[]): Collaboration[] {
    const partiesOf = stmt(
      this.db,
      'SELECT party_key FROM collaboration_parties WHERE collaboration_id = ? ORDER BY party_key',
    );
    return rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      title: r.title,
      area: r.area,
      startDate: r.start_date,
      source: r.source,
      introductionId: r.introduction_id,
      parties: (partiesOf.all(r.id) as { party_key: string }[]).map((p) => p.party_key),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}
