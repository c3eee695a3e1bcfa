import { PageRequest } from '../common/http/pagination';
import { Collaboration } from './collaboration';

/** Port: collaborations. Every write is recorded in the change log ('collaboration'). */
export abstract class CollaborationsRepository {
  /** Creates, or replaces the one with the same id. */
  abstract save(collaboration: Collaboration): Promise<void>;
  abstract findById(id: string): Promise<Collaboration | undefined>;
  abstract findByExternalId(externalId: string): Promise<Collaboration | undefined>;
  abstract findByIntroduction(introductionId: string): Promise<Collaboration | undefined>;
  abstract findByIds(ids: readonly string[]): Promise<Collaboration[]>;
  /** At most `page.limit + 1`, ordered by id; only those a party took part in, when given. */
  abstract list(filter: { party?: string }, page: PageRequest): Promise<Collaboration[]>;
  abstract delete(id: string, at: string): Promise<boolean>;
  /**
   * Erasure: takes these parties out of every collaboration; a collaboration left with fewer than
   * two parties is deleted. Returns how many collaborations changed or went.
   */
  abstract forgetParties(keys: readonly string[], at: string): Promise<number>;
  abstract count(): Promise<number>;
}
