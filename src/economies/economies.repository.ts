import { Economy, EconomyContent, UpsertOutcome } from './economy';

/** Port: economies store. Abstract class so it is also the DI token. */
export abstract class EconomiesRepository {
  abstract list(): Promise<Economy[]>;
  abstract findByCode(code: string): Promise<Economy | undefined>;
  /** Creates or updates by code; `unchanged` when the stored content is identical. */
  abstract upsert(content: EconomyContent, now: string): Promise<UpsertOutcome>;
  /** Refuses (`in_use`) while a cluster, member or item refers to the economy. */
  abstract delete(code: string): Promise<'deleted' | 'not_found' | 'in_use'>;
}
