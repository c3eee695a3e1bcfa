import { PageRequest } from '../common/http/pagination';
import {
  Introduction,
  IntroductionCount,
  IntroductionDecision,
  IntroductionEvent,
  IntroductionFilter,
  IntroductionNotification,
} from './introduction';

/** The store port of introductions and their audit trail. */
export abstract class IntroductionsRepository {
  /** Stores a new introduction and its `requested` event, atomically. */
  abstract create(introduction: Introduction, event: IntroductionEvent): Promise<void>;
  abstract findById(id: string): Promise<Introduction | undefined>;
  /** The most recent introduction between two parties, in either direction. */
  abstract latestBetween(a: string, b: string): Promise<Introduction | undefined>;
  /** The `createdAt` of a party's requests since a time, oldest first. */
  abstract requestedSince(requesterKey: string, since: string): Promise<string[]>;
  /**
   * Ends a pending introduction, atomically with its event: only when it is still pending and (but
   * for an expiry) not past its deadline at `event.at`. Undefined when it was not.
   */
  abstract decide(
    id: string,
    status: IntroductionDecision,
    event: IntroductionEvent,
    response: string | null,
  ): Promise<Introduction | undefined>;
  /** Pending introductions whose deadline has passed, oldest deadline first. */
  abstract overdue(now: string, limit: number): Promise<Introduction[]>;
  /** Introductions whose request or decision email has not gone out yet, oldest first. */
  abstract unnotified(limit: number): Promise<Introduction[]>;
  /** Records that an email went out; false when it already had. */
  abstract markNotified(id: string, which: IntroductionNotification, at: string): Promise<boolean>;
  abstract list(filter: IntroductionFilter, page: PageRequest): Promise<Introduction[]>;
  abstract addEvent(event: IntroductionEvent): Promise<void>;
  abstract events(introductionId: string): Promise<IntroductionEvent[]>;
  /**
   * Introductions by economy pair and status; with an area, only those asked from a suggestion in
   * that area that is still stored.
   */
  abstract counts(area?: string): Promise<IntroductionCount[]>;
  /**
   * A party moved to another cluster: its introductions follow it, so that access (who manages
   * the party) goes with the party now, not with who managed it when the request was made.
   */
  abstract followParty(partyKey: string, clusterId: string): Promise<number>;
  /** Deletes every introduction either party is on (and their events); returns how many. */
  abstract deleteForParties(keys: readonly string[]): Promise<number>;
}
