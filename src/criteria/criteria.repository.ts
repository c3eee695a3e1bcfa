import { CriteriaContent, MatchCriteria } from '../matching/criteria';

export interface CriteriaAuditEntry {
  version: number;
  action: 'created' | 'activated';
  actor: string;
  at: string;
  previousVersion: number | null;
}

/** Port: versioned match criteria; exactly one version is active. */
export abstract class CriteriaRepository {
  abstract list(): Promise<MatchCriteria[]>;
  abstract findByVersion(version: number): Promise<MatchCriteria | undefined>;
  abstract findActive(): Promise<MatchCriteria | undefined>;
  /** Stores a new draft with the next version number. */
  abstract createDraft(content: CriteriaContent, actor: string, at: string): Promise<MatchCriteria>;
  /** Makes `version` the active one and retires the previous, atomically, with an audit entry. */
  abstract activate(
    version: number,
    actor: string,
    at: string,
  ): Promise<{ previous: number | null }>;
  abstract audit(limit: number): Promise<CriteriaAuditEntry[]>;
}
