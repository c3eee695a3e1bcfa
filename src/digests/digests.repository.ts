import { DigestRecord, DigestSettings, SentItem } from './digest';

/** Port: digest settings, the idempotency record per recipient and period, and what was sent. */
export abstract class DigestsRepository {
  abstract settings(recipientKey: string): Promise<DigestSettings | undefined>;
  abstract saveSettings(settings: DigestSettings): Promise<void>;
  abstract find(recipientKey: string, period: string): Promise<DigestRecord | undefined>;
  /** Creates the pending record, or returns the one that exists (a retried or duplicated job). */
  abstract claim(record: DigestRecord): Promise<DigestRecord>;
  /**
   * Takes the right to send a pending digest until `until`, atomically: false when it is not
   * pending any more or another job holds an unexpired lease.
   */
  abstract lease(
    recipientKey: string,
    period: string,
    until: string,
    now: string,
  ): Promise<boolean>;
  /** Counts a failed send and frees the lease. */
  abstract recordAttempt(recipientKey: string, period: string, error: string | null): Promise<void>;
  /** Marks sent and remembers the partners sent, atomically. */
  abstract markSent(
    recipientKey: string,
    period: string,
    items: readonly SentItem[],
    at: string,
  ): Promise<void>;
  abstract markDone(
    recipientKey: string,
    period: string,
    status: 'empty' | 'skipped',
    at: string,
  ): Promise<void>;
  abstract sentPartners(recipientKey: string): Promise<Set<string>>;
  /** A recipient's digest records, oldest period first (for its data export). */
  abstract history(recipientKey: string): Promise<DigestRecord[]>;
  /**
   * Erasure: deletes these parties' digest settings and digest records, and every record of them
   * being sent to others. Returns how many rows went.
   */
  abstract forgetParties(keys: readonly string[]): Promise<number>;
}
