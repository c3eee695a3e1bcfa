export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'off'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** How a recipient (a cluster's managers or a member, by subject key) wants its digest. */
export interface DigestSettings {
  recipientKey: string;
  /** Overrides the subject's contact email. */
  email: string | null;
  frequency: Frequency;
  /** IANA zone; default: the economy's. */
  timezone: string | null;
  /** Template language; default: the subject's first language with a template, else English. */
  language: string | null;
  unsubscribedAt: string | null;
  updatedAt: string;
}

export type DigestStatus = 'pending' | 'sent' | 'empty' | 'skipped';

/** The idempotency record of one recipient's digest for one period. */
export interface DigestRecord {
  recipientKey: string;
  period: string;
  status: DigestStatus;
  messageId: string;
  email: string | null;
  attempts: number;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
  /** While set and in the future, one job is sending this digest; others wait. */
  leaseUntil: string | null;
}

export interface SentItem {
  partnerKey: string;
  suggestionId: string;
}
