import { PageRequest } from '../common/http/pagination';
import { ApiKey } from './api-key';

/** Port: API keys, stored by the hash of their token. */
export abstract class ApiKeysRepository {
  abstract create(key: ApiKey, tokenHash: string): Promise<void>;
  abstract findByTokenHash(tokenHash: string): Promise<ApiKey | undefined>;
  abstract findById(id: string): Promise<ApiKey | undefined>;
  abstract list(page: PageRequest): Promise<ApiKey[]>;
  abstract revoke(id: string, at: string): Promise<boolean>;
  /** Replaces the token of a live key (rotation); the old token stops working at once. */
  abstract replaceToken(id: string, tokenHash: string, tokenPrefix: string): Promise<boolean>;
  /** Revokes every live key scoped to these clusters or this member (their subject was deleted). */
  abstract revokeForSubjects(
    subjects: { clusterIds: string[]; memberIds: string[] },
    at: string,
  ): Promise<number>;
  abstract touch(id: string, at: string): Promise<void>;
}
