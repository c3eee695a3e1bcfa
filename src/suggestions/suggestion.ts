import { createHash } from 'node:crypto';
import { Feature } from '../matching/criteria';
import { ReasonPart } from '../matching/explain';
import { PairEvidence, ScorePart } from '../matching/scoring';

export const FEEDBACK_STATUSES = ['useful', 'not_relevant', 'saved', 'hidden'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export type SuggestionStatus = 'new' | 'seen' | FeedbackStatus;

/** Who gets suggestions (a cluster or a member), and who is suggested. */
export type PartyKey = `cluster:${string}` | `member:${string}`;

/** A ranked partner for a subject, with the parts of its score and the reason. */
export interface Suggestion {
  /** Stable across recomputations: derived from (subject, partner). */
  id: string;
  subjectKey: string;
  partnerKey: string;
  partnerEconomy: string;
  rank: number;
  score: number;
  parts: Record<Feature, ScorePart>;
  /** The reason in English, as stored (lists stored before reasons became data have only this). */
  reason: string;
  /** The reason as data, rendered in the reader's language; null on lists stored before. */
  reasonParts: ReasonPart[] | null;
  evidence: PairEvidence[];
  /** Cooperation areas of the needs and offers behind it. */
  areas: string[];
  criteriaVersion: number;
  computedAt: string;
}

export interface SuggestionList {
  subjectKey: string;
  criteriaVersion: number;
  computedAt: string;
  /** The change-log head when the list was computed. */
  changeSeq: number;
  size: number;
}

export interface Feedback {
  subjectKey: string;
  partnerKey: string;
  status: FeedbackStatus;
  reason: string | null;
  actor: string;
  at: string;
}

export function suggestionId(subjectKey: string, partnerKey: string): string {
  return `sug_${createHash('sha256').update(`${subjectKey}\u0000${partnerKey}`).digest('hex').slice(0, 24)}`;
}
