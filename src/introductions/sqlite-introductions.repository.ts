import { PageRequest } from '../common/http/pagination';
import { Db, settle, stmt } from '../infra/sqlite/sqlite-database';
import {
  Introduction,
  IntroductionCount,
  IntroductionDecision,
  IntroductionEvent,
  IntroductionFilter,
  IntroductionNotification,
} from './introduction';
import { IntroductionsRepository } from './introductions.repository';

interface Row {
  id: string;
  requester_key: string;
  target_key: string;
  requester_cluster_id: string;
  target_cluster_id: string;
  requester_economy: string;
  target_economy: string;
  suggestion_id: string;
  message: string;
  status: Introduction['status'];
  requested_by: string;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  response: string | null;
  request_notified_at: string | null;
  decision_notified_at: string | null;
  release_notified_at: string | null;
}

interface EventRow {
  introduction_id: string;
  type: IntroductionEvent['type'];
  actor: string;
  at: string;
  detail: string | null;
}

const toIntroduction = (r: Row): Introduction => ({
  id: r.id,
  requesterKey: r.requester_key,
  targetKey: r.target_key,
  requesterClusterId: r.requester_cluster_id,
  targetClusterId: r.target_cluster_id,
  requesterEconomy: r.requester_economy,
  targetEconomy: r.target_economy,
  suggestionId: r.suggestion_id,
  message: r.message,
  status: r.status,
  requestedBy: r.requested_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
  response: r.response,
  requestNotifiedAt: r.request_notified_at,
  decisionNotifiedAt: r.decision_notified_at,
  releaseNotifiedAt: r.release_notified_at,
});

const toEvent = (r: EventRow): IntroductionEvent => ({
  introductionId: r.introduction_id,
  type: r.type,
  actor: r.actor,
  at: r.at,
  detail: r.detail,
});

export class SqliteIntroductionsRepository extends IntroductionsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  create(i: Introduction, event: IntroductionEvent): Promise<void> {
    return settle(() =>
      this.db.transaction(() => {
        stmt(
          this.db,
          `INSERT INTO introductions (id, requester_key, target_key, requester_cluster_id, target_cluster_id, requester_economy,
             target_economy, suggestion_id, message, status, requested_by, created_at, expires_at, decided_at, decided_by, response,
             request_notified_at, decision_notified_at, release_notified_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          i.id,
          i.requesterKey,
          i.targetKey,
          i.requesterClusterId,
          i.targetClusterId,
          i.requesterEconomy,
          i.targetEconomy,
          i.suggestionId,
          i.message,
          i.status,
          i.requestedBy,
          i.createdAt,
          i.expiresAt,
          i.decidedAt,
          i.decidedBy,
          i.response,
          i.requestNotifiedAt,
          i.decisionNotifiedAt,
          i.releaseNotifiedAt,
        );
        this.insertEvent(event);
      })(),
    );
  }

  findById(id: string): Promise<Introduction | undefined> {
    return settle(() => {
      const r = stmt(this.db, 'SELECT * FROM introductions WHERE id = ?').get(id) as
        Row | undefined;
      return r && toIntroduction(r);
    });
  }

  latestBetween(a: string, b: string): Promise<Introduction | undefined> {
    return settle(() => {
      const r = stmt(
        this.db,
        `SELECT * FROM introductions WHERE (requester_key = ? AND target_key = ?) OR (requester_key = ? AND target_key = ?)
         ORDER BY created_at DESC, id DESC LIMIT 1`,
      ).get(a, b, b, a) as Row | undefined;
      return r && toIntroduction(r);
    });
  }

  requestedSince(requesterKey: string, since: string): Promise<string[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          'SELECT created_at FROM introductions WHERE requester_key = ? AND created_at > ? ORDER BY created_at',
        ).all(requesterKey, since) as { created_at: string }[]
      ).map((r) => r.created_at),
    );
  }

  decide(
    id: string,
    status: IntroductionDecision,
    event: IntroductionEvent,
    response: string | null,
  ): Promise<Introduction | undefined> {
    return settle(() =>
      this.db.transaction(() => {
        const changed = stmt(
          this.db,
          `UPDATE introductions SET status = ?, decided_at = ?, decided_by = ?, response = ?
           WHERE id = ? AND status = 'pending' AND (? = 'expired' OR expires_at > ?)`,
        ).run(status, event.at, event.actor, response, id, status, event.at).changes;
        if (!changed) return undefined;
        this.insertEvent(event);
        return toIntroduction(
          stmt(this.db, 'SELECT * FROM introductions WHERE id = ?').get(id) as Row,
        );
      })(),
    );
  }

  overdue(now: string, limit: number): Promise<Introduction[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          "SELECT * FROM introductions WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?",
        ).all(now, limit) as Row[]
      ).map(toIntroduction),
    );
  }

  unnotified(limit: number): Promise<Introduction[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          `SELECT * FROM introductions WHERE request_notified_at IS NULL
             OR (status <> 'pending' AND decision_notified_at IS NULL)
             OR (status = 'accepted' AND release_notified_at IS NULL) ORDER BY id LIMIT ?`,
        ).all(limit) as Row[]
      ).map(toIntroduction),
    );
  }

  markNotified(id: string, which: IntroductionNotification, at: string): Promise<boolean> {
    const column = `${which}_notified_at`;
    return settle(
      () =>
        stmt(
          this.db,
          `UPDATE introductions SET ${column} = ? WHERE id = ? AND ${column} IS NULL`,
        ).run(at, id).changes === 1,
    );
  }

  list(filter: IntroductionFilter, page: PageRequest): Promise<Introduction[]> {
    return settle(() => {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.parties) {
        const sides =
          filter.direction === 'sent'
            ? ['requester']
            : filter.direction === 'received'
              ? ['target']
              : ['requester', 'target'];
        const { keys, clusterIds } = filter.parties;
        const any: string[] = [];
        for (const side of sides) {
          if (keys.length) {
            any.push(`${side}_key IN (${keys.map(() => '?').join(', ')})`);
            args.push(...keys);
          }
          if (clusterIds.length) {
            any.push(`${side}_cluster_id IN (${clusterIds.map(() => '?').join(', ')})`);
            args.push(...clusterIds);
          }
        }
        where.push(any.length ? `(${any.join(' OR ')})` : '0');
      }
      if (filter.status) {
        where.push('status = ?');
        args.push(filter.status);
      }
      if (page.after) {
        where.push('id > ?');
        args.push(page.after);
      }
      const sql = `SELECT * FROM introductions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`;
      return (this.db.prepare(sql).all(...args, page.limit) as Row[]).map(toIntroduction);
    });
  }

  addEvent(event: IntroductionEvent): Promise<void> {
    return settle(() => this.insertEvent(event));
  }

  events(introductionId: string): Promise<IntroductionEvent[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          'SELECT * FROM introduction_events WHERE introduction_id = ? ORDER BY seq',
        ).all(introductionId) as EventRow[]
      ).map(toEvent),
    );
  }

  counts(area?: string): Promise<IntroductionCount[]> {
    return settle(() =>
      (
        stmt(
          this.db,
          `SELECT requester_economy, target_economy, status, COUNT(*) AS n FROM introductions
           ${
             area
               ? `WHERE EXISTS (SELECT 1 FROM suggestions s, json_each(s.areas) a
                    WHERE s.id = introductions.suggestion_id AND a.value = ?)`
               : ''
           }
           GROUP BY requester_economy, target_economy, status ORDER BY requester_economy, target_economy, status`,
        ).all(...(area ? [area] : [])) as {
          requester_economy: string;
          target_economy: string;
          status: IntroductionCount['status'];
          n: number;
        }[]
      ).map((r) => ({
        requesterEconomy: r.requester_economy,
        targetEconomy: r.target_economy,
        status: r.status,
        count: r.n,
      })),
    );
  }

  followParty(partyKey: string, clusterId: string): Promise<number> {
    return settle(() => {
      let changed = 0;
      for (const side of ['requester', 'target'])
        changed += stmt(
          this.db,
          `UPDATE introductions SET ${side}_cluster_id = ? WHERE ${side}_key = ? AND ${side}_cluster_id <> ?`,
        ).run(clusterId, partyKey, clusterId).changes;
      return changed;
    });
  }

  deleteForParties(keys: readonly string[]): Promise<number> {
    return settle(() => {
      if (!keys.length) return 0;
      const marks = keys.map(() => '?').join(', ');
      return this.db.transaction(() => {
        const ids = (
          this.db
            .prepare(
              `SELECT id FROM introductions WHERE requester_key IN (${marks}) OR target_key IN (${marks})`,
            )
            .all(...keys, ...keys) as { id: string }[]
        ).map((r) => r.id);
        const del = stmt(this.db, 'DELETE FROM introduction_events WHERE introduction_id = ?');
        const delIntro = stmt(this.db, 'DELETE FROM introductions WHERE id = ?');
        for (const id of ids) {
          del.run(id);
          delIntro.run(id);
        }
        return ids.length;
      })();
    });
  }

  private insertEvent(e: IntroductionEvent): void {
    stmt(
      this.db,
      'INSERT INTO introduction_events (introduction_id, type, actor, at, detail) VALUES (?, ?, ?, ?, ?)',
    ).run(e.introductionId, e.type, e.actor, e.at, e.detail);
  }
}
