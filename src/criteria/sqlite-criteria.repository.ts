import { Db, json, settle, stmt } from '../infra/sqlite/sqlite-database';
import { CriteriaContent, MatchCriteria } from '../matching/criteria';
import { CriteriaAuditEntry, CriteriaRepository } from './criteria.repository';

interface CriteriaRow {
  version: number;
  status: MatchCriteria['status'];
  weights: string;
  rules: string;
  note: string;
  created_at: string;
  created_by: string;
  activated_at: string | null;
  activated_by: string | null;
}

const toCriteria = (r: CriteriaRow): MatchCriteria => ({
  version: r.version,
  status: r.status,
  weights: JSON.parse(r.weights) as MatchCriteria['weights'],
  rules: JSON.parse(r.rules) as MatchCriteria['rules'],
  note: r.note,
  createdAt: r.created_at,
  createdBy: r.created_by,
  activatedAt: r.activated_at,
  activatedBy: r.activated_by,
});

export class SqliteCriteriaRepository extends CriteriaRepository {
  constructor(private readonly db: Db) {
    super();
  }

  list(): Promise<MatchCriteria[]> {
    return settle(() =>
      (stmt(this.db, 'SELECT * FROM match_criteria ORDER BY version').all() as CriteriaRow[]).map(
        toCriteria,
      ),
    );
  }

  findByVersion(version: number): Promise<MatchCriteria | undefined> {
    return settle(() => {
      const row = stmt(this.db, 'SELECT * FROM match_criteria WHERE version = ?').get(version) as
        CriteriaRow | undefined;
      return row && toCriteria(row);
    });
  }

  findActive(): Promise<MatchCriteria | undefined> {
    return settle(() => {
      const row = stmt(this.db, "SELECT * FROM match_criteria WHERE status = 'active'").get() as
        CriteriaRow | undefined;
      return row && toCriteria(row);
    });
  }

  createDraft(content: CriteriaContent, actor: string, at: string): Promise<MatchCriteria> {
    return settle(() =>
      this.db.transaction(() => {
        const version = (
          stmt(this.db, 'SELECT coalesce(max(version), 0) + 1 AS v FROM match_criteria').get() as {
            v: number;
          }
        ).v;
        stmt(
          this.db,
          `INSERT INTO match_criteria (version, status, weights, rules, note, created_at, created_by) VALUES (?, 'draft', ?, ?, ?, ?, ?)`,
        ).run(
          version,
          json.encode(content.weights),
          json.encode(content.rules),
          content.note,
          at,
          actor,
        );
        stmt(
          this.db,
          "INSERT INTO criteria_audit (version, action, actor, at) VALUES (?, 'created', ?, ?)",
        ).run(version, actor, at);
        return toCriteria(
          stmt(this.db, 'SELECT * FROM match_criteria WHERE version = ?').get(
            version,
          ) as CriteriaRow,
        );
      })(),
    );
  }

  activate(version: number, actor: string, at: string): Promise<{ previous: number | null }> {
    return settle(() =>
      this.db.transaction(() => {
        const previous =
          (
            stmt(this.db, "SELECT version FROM match_criteria WHERE status = 'active'").get() as
              { version: number } | undefined
          )?.version ?? null;
        if (previous === version) return { previous };
        stmt(this.db, "UPDATE match_criteria SET status = 'retired' WHERE status = 'active'").run();
        stmt(
          this.db,
          "UPDATE match_criteria SET status = 'active', activated_at = ?, activated_by = ? WHERE version = ?",
        ).run(at, actor, version);
        stmt(
          this.db,
          "INSERT INTO criteria_audit (version, action, actor, at, previous_version) VALUES (?, 'activated', ?, ?, ?)",
        ).run(version, actor, at, previous);
        return { previous };
      })(),
    );
  }

  audit(limit: number): Promise<CriteriaAuditEntry[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          'SELECT version, action, actor, at, previous_version FROM criteria_audit ORDER BY id DESC LIMIT ?',
        ).all(limit) as {
          version: number;
          action: CriteriaAuditEntry['action'];
          actor: string;
          at: string;
          previous_version: number | null;
        }[]
      ).map((r) => ({
        version: r.version,
        action: r.action,
        actor: r.actor,
        at: r.at,
        previousVersion: r.previous_version,
      })),
    );
  }
}
