import { Db, json, settle } from '../infra/sqlite/sqlite-database';
import { EconomiesRepository } from './economies.repository';
import { Economy, EconomyContent, UpsertOutcome, sameEconomyContent } from './economy';

interface EconomyRow {
  code: string;
  name: string;
  languages: string;
  timezone: string;
  apec: number;
  created_at: string;
  updated_at: string;
}

const toEconomy = (r: EconomyRow): Economy => ({
  code: r.code,
  name: r.name,
  languages: json.list(r.languages),
  timezone: r.timezone,
  apec: r.apec === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class SqliteEconomiesRepository extends EconomiesRepository {
  constructor(private readonly db: Db) {
    super();
  }

  list(): Promise<Economy[]> {
    return settle(() => {
      const rows = this.db
        .prepare('SELECT * FROM economies ORDER BY apec DESC, code')
        .all() as EconomyRow[];
      return rows.map(toEconomy);
    });
  }

  findByCode(code: string): Promise<Economy | undefined> {
    return settle(() => {
      return this.findSync(code);
    });
  }

  upsert(content: EconomyContent, now: string): Promise<UpsertOutcome> {
    return settle(() => {
      return this.db.transaction(() => this.upsertSync(content, now)).immediate();
    });
  }

  /** Synchronous variant for callers already inside a transaction (the import). */
  upsertSync(content: EconomyContent, now: string): UpsertOutcome {
    const existing = this.findSync(content.code);
    if (existing && sameEconomyContent(existing, content)) return 'unchanged';
    this.db
      .prepare(
        `INSERT INTO economies (code, name, languages, timezone, apec, created_at, updated_at)
         VALUES (@code, @name, @languages, @timezone, @apec, @now, @now)
         ON CONFLICT(code) DO UPDATE SET name = @name, languages = @languages, timezone = @timezone,
           apec = @apec, updated_at = @now`,
      )
      .run({
        ...content,
        languages: json.encode(content.languages),
        apec: content.apec ? 1 : 0,
        now,
      });
    return existing ? 'updated' : 'created';
  }

  delete(code: string): Promise<'deleted' | 'not_found' | 'in_use'> {
    return settle(() => {
      return this.db
        .transaction(() => {
          if (!this.findSync(code)) return 'not_found' as const;
          const used = this.db
            .prepare(
              `SELECT EXISTS(SELECT 1 FROM clusters WHERE economy = ?)
                     OR EXISTS(SELECT 1 FROM items WHERE EXISTS (SELECT 1 FROM json_each(items.target_economies) WHERE value = ?)) AS used`,
            )
            .get(code, code) as { used: number };
          if (used.used) return 'in_use' as const;
          this.db.prepare('DELETE FROM economies WHERE code = ?').run(code);
          return 'deleted' as const;
        })
        .immediate();
    });
  }

  private findSync(code: string): Economy | undefined {
    const row = this.db.prepare('SELECT * FROM economies WHERE code = ?').get(code) as
      EconomyRow | undefined;
    return row && toEconomy(row);
  }
}
