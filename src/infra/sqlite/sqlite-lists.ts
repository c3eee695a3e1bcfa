import { PageRequest } from '../../common/http/pagination';
import { Db, stmt } from './sqlite-database';

/** What a list query of clusters, members or items can filter on. */
export interface ListSpec {
  table: string;
  sectorIndex: { table: string; fk: string };
  /** Column equality filters; undefined values are ignored. */
  equals: [column: string, value: string | number | undefined][];
  sector?: string;
  text?: string;
  /** Extra SQL conditions with their positional parameters. */
  where?: [sql: string, ...params: unknown[]][];
  page: PageRequest;
}

/** Keyset-paginated, filtered list: parameterised SQL only; column names are never user input. */
export function listRows<Row>(db: Db, spec: ListSpec): Row[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of spec.equals) {
    if (value === undefined) continue;
    conditions.push(`t.${column} = ?`);
    params.push(value);
  }
  if (spec.sector) {
    conditions.push(
      `t.id IN (SELECT ${spec.sectorIndex.fk} FROM ${spec.sectorIndex.table} WHERE code = ?)`,
    );
    params.push(spec.sector);
  }
  if (spec.text) {
    conditions.push('instr(t.search_text, ?) > 0');
    params.push(spec.text);
  }
  for (const [sql, ...p] of spec.where ?? []) {
    conditions.push(sql);
    params.push(...p);
  }
  if (spec.page.after) {
    conditions.push('t.id > ?');
    params.push(spec.page.after);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const sql = `SELECT t.* FROM ${spec.table} t ${where} ORDER BY t.id LIMIT ?`;
  return stmt(db, sql).all(...params, spec.page.limit + 1) as Row[];
}

/** Replaces the record's rows of its sector index with `codes` (its sectors and their ancestors). */
export function replaceSectorIndex(
  db: Db,
  index: { table: string; fk: string },
  id: string,
  codes: readonly string[],
): void {
  stmt(db, `DELETE FROM ${index.table} WHERE ${index.fk} = ?`).run(id);
  const insert = stmt(db, `INSERT INTO ${index.table} (code, ${index.fk}) VALUES (?, ?)`);
  for (const code of codes) insert.run(code, id);
}

/** Duck-typed: better-sqlite3 errors need not be `instanceof Error` of the caller's realm. */
export function isUniqueViolation(error: unknown, column: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    !!e &&
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof e.message === 'string' &&
    e.message.includes(column)
  );
}

/**
 * `IN (?, ?, …)` for a list of ids, in chunks SQLite accepts; through `indexedBy` when given (the
 * planner, without statistics, prefers the primary key's index to a covering one).
 */
export function selectByIds<Row>(
  db: Db,
  table: string,
  ids: readonly string[],
  columns = 't.*',
  indexedBy?: string,
): Row[] {
  const rows: Row[] = [];
  const source = indexedBy ? `${table} t INDEXED BY ${indexedBy}` : `${table} t`;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    rows.push(
      ...(stmt(
        db,
        `SELECT ${columns} FROM ${source} WHERE t.id IN (${chunk.map(() => '?').join(',')})`,
      ).all(...chunk) as Row[]),
    );
  }
  return rows;
}
