import { Db, settle, stmt } from '../infra/sqlite/sqlite-database';
import { DigestRecord, DigestSettings, SentItem } from './digest';
import { DigestsRepository } from './digests.repository';

interface SettingsRow {
  recipient_key: string;
  email: string | null;
  frequency: DigestSettings['frequency'];
  timezone: string | null;
  language: string | null;
  unsubscribed_at: string | null;
  updated_at: string;
}

interface DigestRow {
  recipient_key: string;
  period: string;
  status: DigestRecord['status'];
  message_id: string;
  email: string | null;
  attempts: number;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  lease_until: string | null;
}

const toRecord = (r: DigestRow): DigestRecord => ({
  recipientKey: r.recipient_key,
  period: r.period,
  status: r.status,
  messageId: r.message_id,
  email: r.email,
  attempts: r.attempts,
  error: r.error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  leaseUntil: r.lease_until,
});

export class SqliteDigestsRepository extends DigestsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  settings(recipientKey: string): Promise<DigestSettings | undefined> {
    return settle(() => {
      const r = stmt(this.db, 'SELECT * FROM digest_settings WHERE recipient_key = ?').get(
        recipientKey,
      ) as SettingsRow | undefined;
      return (
        r && {
          recipientKey: r.recipient_key,
          email: r.email,
          frequency: r.frequency,
          timezone: r.timezone,
          language: r.language,
          unsubscribedAt: r.unsubscribed_at,
          updatedAt: r.updated_at,
        }
      );
    });
  }

  saveSettings(s: DigestSettings): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        `INSERT INTO digest_settings (recipient_key, email, frequency, timezone, language, unsubscribed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (recipient_key) DO UPDATE SET email = excluded.email, frequency = excluded.frequency, timezone = excluded.timezone,
           language = excluded.language, unsubscribed_at = excluded.unsubscribed_at, updated_at = excluded.updated_at`,
      ).run(
        s.recipientKey,
        s.email,
        s.frequency,
        s.timezone,
        s.language,
        s.unsubscribedAt,
        s.updatedAt,
      );
    });
  }

  find(recipientKey: string, period: string): Promise<DigestRecord | undefined> {
    return settle(() => {
      const r = stmt(this.db, 'SELECT * FROM digests WHERE recipient_key = ? AND period = ?').get(
        recipientKey,
        period,
      ) as DigestRow | undefined;
      return r && toRecord(r);
    });
  }

  claim(record: DigestRecord): Promise<DigestRecord> {
    return settle(() =>
      this.db.transaction(() => {
        stmt(
          this.db,
          `INSERT OR IGNORE INTO digests (recipient_key, period, status, message_id, email, attempts, created_at) VALUES (?, ?, 'pending', ?, ?, 0, ?)`,
        ).run(record.recipientKey, record.period, record.messageId, record.email, record.createdAt);
        return toRecord(
          stmt(this.db, 'SELECT * FROM digests WHERE recipient_key = ? AND period = ?').get(
            record.recipientKey,
            record.period,
          ) as DigestRow,
        );
      })(),
    );
  }

  lease(recipientKey: string, period: string, until: string, now: string): Promise<boolean> {
    return settle(
      () =>
        stmt(
          this.db,
          `UPDATE digests SET lease_until = ? WHERE recipient_key = ? AND period = ? AND status = 'pending'
             AND (lease_until IS NULL OR lease_until <= ?)`,
        ).run(until, recipientKey, period, now).changes === 1,
    );
  }

  recordAttempt(recipientKey: string, period: string, error: string | null): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        'UPDATE digests SET attempts = attempts + 1, error = ?, lease_until = NULL WHERE recipient_key = ? AND period = ?',
      ).run(error, recipientKey, period);
    });
  }

  markSent(
    recipientKey: string,
    period: string,
    items: readonly SentItem[],
    at: string,
  ): Promise<void> {
    return settle(() =>
      this.db.transaction(() => {
        stmt(
          this.db,
          "UPDATE digests SET status = 'sent', sent_at = ?, error = NULL WHERE recipient_key = ? AND period = ?",
        ).run(at, recipientKey, period);
        const insert = stmt(
          this.db,
          'INSERT OR IGNORE INTO digest_items (recipient_key, partner_key, suggestion_id, period, sent_at) VALUES (?, ?, ?, ?, ?)',
        );
        for (const item of items)
          insert.run(recipientKey, item.partnerKey, item.suggestionId, period, at);
      })(),
    );
  }

  markDone(
    recipientKey: string,
    period: string,
    status: 'empty' | 'skipped',
    at: string,
  ): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        'UPDATE digests SET status = ?, sent_at = ? WHERE recipient_key = ? AND period = ?',
      ).run(status, at, recipientKey, period);
    });
  }

  sentPartners(recipientKey: string): Promise<Set<string>> {
    return settle(
      () =>
        new Set(
          (
            stmt(this.db, 'SELECT partner_key FROM digest_items WHERE recipient_key = ?').all(
              recipientKey,
            ) as { partner_key: string }[]
          ).map((r) => r.partner_key),
        ),
    );
  }

  history(recipientKey: string): Promise<DigestRecord[]> {
    return settle(() =>
      (
        stmt(this.db, 'SELECT * FROM digests WHERE recipient_key = ? ORDER BY created_at').all(
          recipientKey,
        ) as DigestRow[]
      ).map(toRecord),
    );
  }

  forgetParties(keys: readonly string[]): Promise<number> {
    return settle(() => {
      if (!keys.length) return 0;
      const marks = keys.map(() => '?').join(', ');
      return this.db.transaction(
        () =>
          this.db
            .prepare(`DELETE FROM digest_settings WHERE recipient_key IN (${marks})`)
            .run(...keys).changes +
          this.db.prepare(`DELETE FROM digests WHERE recipient_key IN (${marks})`).run(...keys)
            .changes +
          this.db
            .prepare(
              `DELETE FROM digest_items WHERE recipient_key IN (${marks}) OR partner_key IN (${marks})`,
            )
            .run(...keys, ...keys).changes,
      )();
    });
  }
}
