/**
 * An introduction: one party (a cluster or a member) asks to be introduced to a partner it was
 * suggested; the partner accepts or declines before a deadline. Contact details of either side
 * travel to the other only once the partner has accepted (the requester agreed by asking).
 */
export const INTRODUCTION_STATUSES = [
  'pending',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
] as const;
export type IntroductionStatus = (typeof INTRODUCTION_STATUSES)[number];

/** The decisions that end a pending introduction, and who takes them. */
export type IntroductionDecision = 'accepted' | 'declined' | 'withdrawn' | 'expired';

export interface Introduction {
  id: string;
  /** The party asking: `cluster:<id>` or `member:<id>`. */
  requesterKey: string;
  /** The party asked. */
  targetKey: string;
  /** The cluster of each side (itself, or the member's cluster): whose managers act for it. */
  requesterClusterId: string;
  targetClusterId: string;
  requesterEconomy: string;
  targetEconomy: string;
  /** The suggestion it was asked from. */
  suggestionId: string;
  message: string;
  status: IntroductionStatus;
  /** The API key that asked. */
  requestedBy: string;
  createdAt: string;
  /** A pending introduction not decided by then expires. */
  expiresAt: string;
  decidedAt: string | null;
  /** The API key that decided (`system` for an expiry). */
  decidedBy: string | null;
  /** The partner's note when accepting or declining (optional). */
  response: string | null;
  /** When the partner was told about the request (email sent, or none possible). */
  requestNotifiedAt: string | null;
  /** When the other side was told about the decision. */
  decisionNotifiedAt: string | null;
  /**
   * When the partner who accepted was told that contact details are now shared. Introductions
   * accepted before this email existed count as told (the stores' migration).
   */
  releaseNotifiedAt: string | null;
}

/** The two emails of an introduction: the request (to the partner), the decision (to the other). */
export type IntroductionNotification = 'request' | 'decision' | 'release';

/** The field that records an email as sent. */
export const NOTIFIED_FIELD = {
  request: 'requestNotifiedAt',
  decision: 'decisionNotifiedAt',
  release: 'releaseNotifiedAt',
} as const satisfies Record<IntroductionNotification, keyof Introduction>;

export const INTRODUCTION_EVENTS = [
  'requested',
  'accepted',
  'declined',
  'withdrawn',
  'expired',
  'notified',
] as const;
export type IntroductionEventType = (typeof INTRODUCTION_EVENTS)[number];

/** One step of an introduction's audit trail. */
export interface IntroductionEvent {
  introductionId: string;
  type: IntroductionEventType;
  /** API key id, or `system`. */
  actor: string;
  at: string;
  /** For `notified`: `<event> to <party key>`; for decisions: the note, if any. */
  detail: string | null;
}

/** Counts of introductions by economy pair and status (operators' statistics). */
export interface IntroductionCount {
  requesterEconomy: string;
  targetEconomy: string;
  status: IntroductionStatus;
  count: number;
}

export interface IntroductionFilter {
  /** Introductions where either side is one of these parties, or belongs to one of these clusters. */
  parties?: { keys: readonly string[]; clusterIds: readonly string[] };
  /** Relative to `parties`: asked by them (`sent`) or of them (`received`). */
  direction?: 'sent' | 'received';
  status?: IntroductionStatus;
}
