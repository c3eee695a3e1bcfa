import { DomainError } from '../../common/errors/domain-error';
import { PageRequest } from '../../common/http/pagination';
import { Entity } from '../store-errors';
import { Db, recordChange, settle, stmt } from './sqlite-database';
import {
  ListSpec,
  isUniqueViolation,
  listRows,
  replaceSectorIndex,
  selectByIds,
} from './sqlite-lists';

export interface EntityTableSpec<T, Row> {
  entity: Entity;
  table: string;
  sectorIndex: { table: string; fk: string };
  /** The codes a sector filter finds the record by (its codes and all their ancestors). */
  sectorIndexOf(record: T): string[];
  /** The stored columns besides `id` and `seq`: the keys of this object are the column names. */
  toParams(record: T): Record<string, unknown>;
  toDomain(row: Row): T;
  externalIdTaken: () => DomainError;
  /** The covering index findHeadersByIds reads (migration 11), when the table has one. */
  headersIndex?: string;
}

/** The columns findHeadersByIds leaves empty. */
const LONG_TEXTS = ['description', 'search_text'];

export type ListFilterSpec = Omit<ListSpec, 'table' | 'sectorIndex' | 'page'>;

/**
 * The SQLite half of a registry repository (clusters, members, items): insert/update with the
 * sector index and a change-log entry in one transaction, deletes recorded in the change log,
 * lookups by id and externalId, keyset-paginated lists. A feature's repository extends it and
 * adds its own queries. Every call is synchronous underneath (see docs/decisions.md §7).
 */
export abstract class SqliteEntityRepository<T extends { id: string; updatedAt: string }, Row> {
  protected constructor(
    protected readonly db: Db,
    private readonly spec: EntityTableSpec<T, Row>,
  ) {}

  create(record: T): Promise<void> {
    return settle(() =>
      this.write(
        record,
        (cols) =>
          `INSERT INTO ${this.spec.table} (id, ${cols.join(', ')}) VALUES (@id, ${cols.map((c) => `@${c}`).join(', ')})`,
      ),
    );
  }

  update(record: T): Promise<void> {
    return settle(() =>
      this.write(
        record,
        (cols) =>
          `UPDATE ${this.spec.table} SET ${cols
            .filter((c) => c !== 'created_at')
            .map((c) => `${c} = @${c}`)
            .join(', ')} WHERE id = @id`,
      ),
    );
  }

  delete(id: string, at: string): Promise<boolean> {
    return settle(() =>
      this.db.transaction(() => {
        const deleted =
          stmt(this.db, `DELETE FROM ${this.spec.table} WHERE id = ?`).run(id).changes > 0;
        if (deleted) recordChange(this.db, this.spec.entity, id, 'delete', at);
        return deleted;
      })(),
    );
  }

  findById(id: string): Promise<T | undefined> {
    return settle(() => this.findOne('id', id));
  }

  findByExternalId(externalId: string): Promise<T | undefined> {
    return settle(() => this.findOne('external_id', externalId));
  }

  findByIds(ids: readonly string[]): Promise<T[]> {
    return settle(() =>
      selectByIds<Row>(this.db, this.spec.table, ids).map((r) => this.spec.toDomain(r)),
    );
  }

  findHeadersByIds(ids: readonly string[]): Promise<T[]> {
    return settle(() =>
      selectByIds<Row>(
        this.db,
        this.spec.table,
        ids,
        this.headerColumns(),
        this.spec.headersIndex,
      ).map((r) =>
        this.spec.toDomain(r),
      ),
    );
  }

  private headers?: string;

  /** Every column of the table but the long texts, which read as empty strings. */
  protected headerColumns(): string {
    if (!this.headers) {
      const columns = (
        stmt(this.db, `SELECT name FROM pragma_table_info('${this.spec.table}')`).all() as {
          name: string;
        }[]
      ).map((c) => c.name);
      this.headers = columns
        .map((c) => (LONG_TEXTS.includes(c) ? `'' AS ${c}` : `t.${c}`))
        .join(', ');
    }
    return this.headers;
  }

  count(): Promise<number> {
    return settle(
      () =>
        (stmt(this.db, `SELECT count(*) AS n FROM ${this.spec.table}`).get() as { n: number }).n,
    );
  }

  setInferredSectors(
    id: string,
    sectors: readonly { code: string; confidence: number }[],
  ): Promise<void> {
    return settle(() => {
      stmt(this.db, `UPDATE ${this.spec.table} SET inferred_sectors = ? WHERE id = ?`).run(
        JSON.stringify(sectors),
        id,
      );
    });
  }

  protected listWhere(filter: ListFilterSpec, page: PageRequest): Promise<T[]> {
    return settle(() =>
      listRows<Row>(this.db, {
        ...filter,
        table: this.spec.table,
        sectorIndex: this.spec.sectorIndex,
        page,
      }).map((r) => this.spec.toDomain(r)),
    );
  }

  /** The rows whose contact email is this address, ignoring case (at most 50). */
  findByContactEmail(email: string): Promise<T[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          `SELECT * FROM ${this.spec.table} WHERE contact_email = ? COLLATE NOCASE ORDER BY id LIMIT 50`,
        ).all(email.trim()) as Row[]
      ).map((r) => this.spec.toDomain(r)),
    );
  }

  protected findOne(column: string, value: string): T | undefined {
    const row = stmt(this.db, `SELECT * FROM ${this.spec.table} WHERE ${column} = ?`).get(value) as
      Row | undefined;
    return row && this.spec.toDomain(row);
  }

  /** Deletes the rows where `column = value`; returns their ids. */
  protected deleteWhere(column: string, value: string, at: string): Promise<string[]> {
    return settle(() =>
      this.db.transaction(() => {
        const ids = this.idsWhere(column, value);
        stmt(this.db, `DELETE FROM ${this.spec.table} WHERE ${column} = ?`).run(value);
        for (const id of ids) recordChange(this.db, this.spec.entity, id, 'delete', at);
        return ids;
      })(),
    );
  }

  /** Sets columns (name → value) on the rows where `column = value`, recording each change. */
  protected setWhere(
    column: string,
    value: string,
    set: Record<string, string>,
    at: string,
  ): Promise<string[]> {
    const columns = Object.keys(set);
    return settle(() =>
      this.db.transaction(() => {
        const ids = this.idsWhere(column, value);
        const update = stmt(
          this.db,
          `UPDATE ${this.spec.table} SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ?, seq = ? WHERE id = ?`,
        );
        for (const id of ids)
          update.run(
            ...columns.map((c) => set[c]),
            at,
            recordChange(this.db, this.spec.entity, id, 'upsert', at),
            id,
          );
        return ids;
      })(),
    );
  }

  private idsWhere(column: string, value: string): string[] {
    const rows = stmt(
      this.db,
      `SELECT id FROM ${this.spec.table} WHERE ${column} = ? ORDER BY id`,
    ).all(value) as { id: string }[];
    return rows.map((r) => r.id);
  }

  private write(record: T, sqlFor: (columns: string[]) => string): void {
    const params = { ...this.spec.toParams(record), seq: 0 };
    const sql = sqlFor(Object.keys(params));
    try {
      this.db.transaction(() => {
        params.seq = recordChange(this.db, this.spec.entity, record.id, 'upsert', record.updatedAt);
        stmt(this.db, sql).run({ ...params, id: record.id });
        replaceSectorIndex(
          this.db,
          this.spec.sectorIndex,
          record.id,
          this.spec.sectorIndexOf(record),
        );
      })();
    } catch (error) {
      if (isUniqueViolation(error, 'external_id')) throw this.spec.externalIdTaken();
      throw error;
    }
  }
}
