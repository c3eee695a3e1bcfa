import { Feedback, FeedbackStatus, Suggestion, SuggestionList } from './suggestion';

export interface SuggestionFilter {
  economy?: string;
  area?: string;
}

/** Suggestions of one subject's list whose partners are in one economy. */
export interface PartnerEconomyCount {
  subjectKey: string;
  partnerEconomy: string;
  count: number;
}

/** Port: computed suggestion lists, one per subject, replaced whole. */
export abstract class SuggestionsRepository {
  /** Replaces the subject's list atomically. */
  abstract replaceList(list: SuggestionList, suggestions: readonly Suggestion[]): Promise<void>;
  abstract findList(subjectKey: string): Promise<SuggestionList | undefined>;
  /** The list in rank order, after `afterRank`, at most limit + 1. */
  abstract list(
    subjectKey: string,
    filter: SuggestionFilter,
    page: { limit: number; afterRank?: number },
  ): Promise<Suggestion[]>;
  abstract findById(id: string): Promise<Suggestion | undefined>;
  /** Every list that suggests this partner (to update them when the partner changes or goes). */
  abstract subjectsSuggesting(partnerKey: string): Promise<string[]>;
  abstract countLists(): Promise<number>;
  /**
   * How many suggestions each subject has of partners in each economy, over every stored list
   * (only suggestions in `area` when given): the suggestion side of the collaboration map.
   */
  abstract partnerEconomyCounts(area?: string): Promise<PartnerEconomyCount[]>;
  /**
   * Erasure: deletes these parties' lists and every suggestion of them in others' lists; marks
   * those lists stale (recomputed at their next read or run). Returns the subjects of those lists.
   */
  abstract forgetParties(keys: readonly string[]): Promise<string[]>;
}

/** Port: what subjects said about partners; kept across recomputations. */
export abstract class FeedbackRepository {
  abstract upsert(feedback: Feedback): Promise<void>;
  abstract forSubject(subjectKey: string): Promise<Feedback[]>;
  abstract find(subjectKey: string, partnerKey: string): Promise<Feedback | undefined>;
  /** Erasure: deletes feedback given by or about these parties; returns how many. */
  abstract forgetParties(keys: readonly string[]): Promise<number>;
}

export type { FeedbackStatus };
