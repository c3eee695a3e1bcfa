import { PageRequest } from '../common/http/pagination';

/**
 * What every registry repository port (clusters, members, items) offers. Every write is recorded
 * in the change log in the same transaction (the caller's unit of work, when there is one).
 */
export abstract class EntityRepository<T, Filter> {
  abstract create(record: T): Promise<void>;
  /** Replaces the stored content. */
  abstract update(record: T): Promise<void>;
  abstract delete(id: string, at: string): Promise<boolean>;
  abstract findById(id: string): Promise<T | undefined>;
  abstract findByIds(ids: readonly string[]): Promise<T[]>;
  /**
   * The records among `ids` without their long texts: `description` comes back empty. For
   * readers that never show or embed the text (party summaries, authorization, matching pools),
   * which would otherwise read up to 20,000 characters a record (and its search text) for nothing.
   */
  abstract findHeadersByIds(ids: readonly string[]): Promise<T[]>;
  abstract findByExternalId(externalId: string): Promise<T | undefined>;
  /** At most `page.limit + 1` records ordered by id, after `page.after`. */
  abstract list(filter: Filter, page: PageRequest): Promise<T[]>;
  abstract count(): Promise<number>;
  /**
   * Stores the sectors inferred from the record's text (by the embedder). Derived data: the
   * record's content, `updatedAt` and change log are left alone.
   */
  abstract setInferredSectors(
    id: string,
    sectors: readonly { code: string; confidence: number }[],
  ): Promise<void>;
}
