import { Db, json, stmt, settle } from '../infra/sqlite/sqlite-database';
import { BatchProgress, ImportRun, LineRejection } from './import-run';
import { ImportRunsRepository } from './import-runs.repository';

interface ImportRow {
  id: string;
  source: string;
  status: ImportRun['status'];
  started_at: string;
  finished_at: string | null;
  updated_at: string;
  lines: number;
  committed_through_line: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

const toRun = (r: ImportRow): ImportRun => ({
  id: r.id,
  source: r.source,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
  lines: r.lines,
  committedThroughLine: r.committed_through_line,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
  error: r.error,
});

export class SqliteImportRunsRepository extends ImportRunsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  start(run: ImportRun): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        'INSERT INTO imports (id, source, status, started_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).run(run.id, run.source, run.status, run.startedAt, run.updatedAt);
      return;
    });
  }

  recordBatch(id: string, p: BatchProgress): Promise<void> {
    return settle(() => {
      this.db.transaction(() => {
        stmt(
          this.db,
          `UPDATE imports SET lines = ?, committed_through_line = ?, updated_at = ?, created = created + ?,
             updated = updated + ?, unchanged = unchanged + ?, rejected = rejected + ? WHERE id = ?`,
        ).run(
          p.lines,
          p.committedThroughLine,
          p.at,
          p.created,
          p.updated,
          p.unchanged,
          p.rejections.length,
          id,
        );
        const insert = stmt(
          this.db,
          'INSERT OR REPLACE INTO import_rejections (import_id, line, problems) VALUES (?, ?, ?)',
        );
        for (const r of p.rejections) insert.run(id, r.line, json.encode(r.problems));
      })();
      return;
    });
  }

  finish(id: string, status: 'completed' | 'failed', at: string, error?: string): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        'UPDATE imports SET status = ?, finished_at = ?, updated_at = ?, error = ? WHERE id = ?',
      ).run(status, at, at, error ?? null, id);
      return;
    });
  }

  findById(id: string): Promise<ImportRun | undefined> {
    return settle(() => {
      const row = stmt(this.db, 'SELECT * FROM imports WHERE id = ?').get(id) as
        ImportRow | undefined;
      return row && toRun(row);
    });
  }

  rejections(id: string, afterLine: number, limit: number): Promise<LineRejection[]> {
    return settle(() => {
      const rows = stmt(
        this.db,
        'SELECT line, problems FROM import_rejections WHERE import_id = ? AND line > ? ORDER BY line LIMIT ?',
      ).all(id, afterLine, limit) as { line: number; problems: string }[];
      return rows.map((r) => ({
        line: r.line,
        problems: JSON.parse(r.problems) as LineRejection['problems'],
      }));
    });
  }
}
