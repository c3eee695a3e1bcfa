import { ReasonPart } from '../matching/explain';
import { Db, json, settle, stmt } from '../infra/sqlite/sqlite-database';
import { Feedback, Suggestion, SuggestionList } from './suggestion';
import {
  FeedbackRepository,
  PartnerEconomyCount,
  SuggestionFilter,
  SuggestionsRepository,
} from './suggestions.repository';

interface SuggestionRow {
  id: string;
  subject_key: string;
  partner_key: string;
  partner_economy: string;
  rank: number;
  score: number;
  parts: string;
  reason: string;
  reason_parts: string | null;
  evidence: string;
  areas: string;
  criteria_version: number;
  computed_at: string;
}

const toSuggestion = (r: SuggestionRow): Suggestion => ({
  id: r.id,
  subjectKey: r.subject_key,
  partnerKey: r.partner_key,
  partnerEconomy: r.partner_economy,
  rank: r.rank,
  score: r.score,
  parts: JSON.parse(r.parts) as Suggestion['parts'],
  reason: r.reason,
  reasonParts: r.reason_parts ? (JSON.parse(r.reason_parts) as ReasonPart[]) : null,
  evidence: JSON.parse(r.evidence) as Suggestion['evidence'],
  areas: json.list(r.areas),
  criteriaVersion: r.criteria_version,
  computedAt: r.computed_at,
});

/** A list's computedAt once a partner in it was erased: older than any list, so recomputed. */
const STALE = '1970-01-01T00:00:00.000Z';

export class SqliteSuggestionsRepository extends SuggestionsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  replaceList(list: SuggestionList, suggestions: readonly Suggestion[]): Promise<void> {
    return settle(() =>
      this.db.transaction(() => {
        stmt(this.db, 'DELETE FROM suggestions WHERE subject_key = ?').run(list.subjectKey);
        const insert = stmt(
          this.db,
          `INSERT INTO suggestions (id, subject_key, partner_key, partner_economy, rank, score, parts, reason, reason_parts, evidence, areas, criteria_version, computed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const s of suggestions) {
          insert.run(
            s.id,
            s.subjectKey,
            s.partnerKey,
            s.partnerEconomy,
            s.rank,
            s.score,
            json.encode(s.parts),
            s.reason,
            s.reasonParts ? json.encode(s.reasonParts) : null,
            json.encode(s.evidence),
            json.encode(s.areas),
            s.criteriaVersion,
            s.computedAt,
          );
        }
        stmt(
          this.db,
          `INSERT INTO suggestion_lists (subject_key, criteria_version, computed_at, change_seq, size) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (subject_key) DO UPDATE SET criteria_version = excluded.criteria_version, computed_at = excluded.computed_at,
             change_seq = excluded.change_seq, size = excluded.size`,
        ).run(
          list.subjectKey,
          list.criteriaVersion,
          list.computedAt,
          list.changeSeq,
          suggestions.length,
        );
      })(),
    );
  }

  findList(subjectKey: string): Promise<SuggestionList | undefined> {
    return settle(() => {
      const r = stmt(this.db, 'SELECT * FROM suggestion_lists WHERE subject_key = ?').get(
        subjectKey,
      ) as
        | {
            subject_key: string;
            criteria_version: number;
            computed_at: string;
            change_seq: number;
            size: number;
          }
        | undefined;
      return (
        r && {
          subjectKey: r.subject_key,
          criteriaVersion: r.criteria_version,
          computedAt: r.computed_at,
          changeSeq: r.change_seq,
          size: r.size,
        }
      );
    });
  }

  list(
    subjectKey: string,
    filter: SuggestionFilter,
    page: { limit: number; afterRank?: number },
  ): Promise<Suggestion[]> {
    return settle(() => {
      const where = ['subject_key = ?', 'rank > ?'];
      const params: unknown[] = [subjectKey, page.afterRank ?? 0];
      if (filter.economy) {
        where.push('partner_economy = ?');
        params.push(filter.economy);
      }
      if (filter.area) {
        where.push('EXISTS (SELECT 1 FROM json_each(suggestions.areas) WHERE value = ?)');
        params.push(filter.area);
      }
      const sql = `SELECT * FROM suggestions WHERE ${where.join(' AND ')} ORDER BY rank LIMIT ?`;
      return (stmt(this.db, sql).all(...params, page.limit + 1) as SuggestionRow[]).map(
        toSuggestion,
      );
    });
  }

  findById(id: string): Promise<Suggestion | undefined> {
    return settle(() => {
      const r = stmt(this.db, 'SELECT * FROM suggestions WHERE id = ?').get(id) as
        SuggestionRow | undefined;
      return r && toSuggestion(r);
    });
  }

  subjectsSuggesting(partnerKey: string): Promise<string[]> {
    return settle(() =>
      (
        stmt(this.db, 'SELECT subject_key FROM suggestions WHERE partner_key = ?').all(
          partnerKey,
        ) as { subject_key: string }[]
      ).map((r) => r.subject_key),
    );
  }

  forgetParties(keys: readonly string[]): Promise<string[]> {
    return settle(() => {
      if (!keys.length) return [];
      const marks = keys.map(() => '?').join(', ');
      return this.db.transaction(() => {
        const gone = new Set(keys);
        const others = (
          this.db
            .prepare(`SELECT DISTINCT subject_key FROM suggestions WHERE partner_key IN (${marks})`)
            .all(...keys) as { subject_key: string }[]
        )
          .map((r) => r.subject_key)
          .filter((k) => !gone.has(k));
        this.db
          .prepare(
            `DELETE FROM suggestions WHERE subject_key IN (${marks}) OR partner_key IN (${marks})`,
          )
          .run(...keys, ...keys);
        this.db
          .prepare(`DELETE FROM suggestion_lists WHERE subject_key IN (${marks})`)
          .run(...keys);
        const stale = stmt(
          this.db,
          `UPDATE suggestion_lists SET computed_at = '${STALE}' WHERE subject_key = ?`,
        );
        for (const k of others) stale.run(k);
        return others;
      })();
    });
  }

  countLists(): Promise<number> {
    return settle(
      () => (stmt(this.db, 'SELECT count(*) AS n FROM suggestion_lists').get() as { n: number }).n,
    );
  }

  partnerEconomyCounts(area?: string): Promise<PartnerEconomyCount[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          `SELECT subject_key, partner_economy, COUNT(*) AS n FROM suggestions
           ${area ? 'WHERE EXISTS (SELECT 1 FROM json_each(suggestions.areas) WHERE value = ?)' : ''}
           GROUP BY subject_key, partner_economy`,
        ).all(...(area ? [area] : [])) as {
          subject_key: string;
          partner_economy: string;
          n: number;
        }[]
      ).map((r) => ({ subjectKey: r.subject_key, partnerEconomy: r.partner_economy, count: r.n })),
    );
  }
}

export class SqliteFeedbackRepository extends FeedbackRepository {
  constructor(private readonly db: Db) {
    super();
  }

  upsert(f: Feedback): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        `INSERT INTO feedback (subject_key, partner_key, status, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (subject_key, partner_key) DO UPDATE SET status = excluded.status, reason = excluded.reason, actor = excluded.actor, at = excluded.at`,
      ).run(f.subjectKey, f.partnerKey, f.status, f.reason, f.actor, f.at);
    });
  }

  forSubject(subjectKey: string): Promise<Feedback[]> {
    return settle(() =>
      (
        stmt(this.db, 'SELECT * FROM feedback WHERE subject_key = ?').all(
          subjectKey,
        ) as FeedbackRow[]
      ).map(toFeedback),
    );
  }

  forgetParties(keys: readonly string[]): Promise<number> {
    return settle(() => {
      if (!keys.length) return 0;
      const marks = keys.map(() => '?').join(', ');
      return this.db
        .prepare(
          `DELETE FROM feedback WHERE subject_key IN (${marks}) OR partner_key IN (${marks})`,
        )
        .run(...keys, ...keys).changes;
    });
  }

  find(subjectKey: string, partnerKey: string): Promise<Feedback | undefined> {
    return settle(() => {
      const r = stmt(
        this.db,
        'SELECT * FROM feedback WHERE subject_key = ? AND partner_key = ?',
      ).get(subjectKey, partnerKey) as FeedbackRow | undefined;
      return r && toFeedback(r);
    });
  }
}

interface FeedbackRow {
  subject_key: string;
  partner_key: string;
  status: Feedback['status'];
  reason: string | null;
  actor: string;
  at: string;
}

const toFeedback = (r: FeedbackRow): Feedback => ({
  subjectKey: r.subject_key,
  partnerKey: r.partner_key,
  status: r.status,
  reason: r.reason,
  actor: r.actor,
  at: r.at,
});
