import { Inject, Injectable } from '@nestjs/common';
import { ApiKey, Role, hashToken, newToken, tokenPrefix } from '../auth/api-key';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { SessionsRepository } from '../auth/sessions.repository';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { DomainError, invalidInput, notFound } from '../common/errors/domain-error';
import { Page, PageRequest, pageOf } from '../common/http/pagination';
import { newId } from '../common/ids';
import { MembersRepository } from '../members/members.repository';

export interface NewApiKey {
  role: Role;
  label: string;
  clusterIds?: string[];
  memberId?: string;
}

/** Operators' management of API keys: created (token shown once), listed, revoked, rotated. */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(ApiKeysRepository) private readonly keys: ApiKeysRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(input: NewApiKey): Promise<{ key: ApiKey; token: string }> {
    await this.checkScope(input);
    const token = newToken();
    const key: ApiKey = {
      id: newId(),
      role: input.role,
      clusterIds: input.role === 'cluster_manager' ? [...new Set(input.clusterIds)] : [],
      memberId: input.role === 'member' ? input.memberId! : null,
      label: input.label,
      tokenPrefix: tokenPrefix(token),
      createdAt: this.clock.nowIso(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.keys.create(key, hashToken(token));
    return { key, token };
  }

  async list(page: PageRequest): Promise<Page<ApiKey>> {
    return pageOf(await this.keys.list(page), page.limit);
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.keys.findById(id);
    if (!key) throw notFound('API_KEY.NOT_FOUND', 'API key', id);
    return key;
  }

  async revoke(id: string): Promise<void> {
    const key = await this.get(id);
    if (!key.revokedAt) await this.keys.revoke(id, this.clock.nowIso());
    await this.sessions.revokeForKey(id, this.clock.nowIso());
  }

  /**
   * A new token for the same key (same role and scope); the old token stops working at once, and
   * so do the browser sessions it was exchanged for.
   */
  async rotate(id: string): Promise<{ key: ApiKey; token: string }> {
    const key = await this.get(id);
    if (key.revokedAt)
      throw new DomainError('API_KEY.REVOKED', 'conflict', 'A revoked key cannot be rotated');
    const token = newToken();
    await this.keys.replaceToken(id, hashToken(token), tokenPrefix(token));
    await this.sessions.revokeForKey(id, this.clock.nowIso());
    return { key: { ...key, tokenPrefix: tokenPrefix(token) }, token };
  }

  private async checkScope(input: NewApiKey): Promise<void> {
    if (input.role === 'cluster_manager') {
      const ids = input.clusterIds ?? [];
      if (!ids.length)
        throw invalidInput('API_KEY.SCOPE', [
          { field: 'clusterIds', reason: 'a cluster manager key needs at least one cluster' },
        ]);
      const found = new Set((await this.clusters.findByIds(ids)).map((c) => c.id));
      const missing = ids.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
      if (missing.length) {
        throw invalidInput(
          'API_KEY.SCOPE',
          missing.map(({ id, i }) => ({
            field: `clusterIds[${i}]`,
            reason: `cluster '${id}' does not exist`,
          })),
        );
      }
    } else if (input.role === 'member') {
      if (!input.memberId)
        throw invalidInput('API_KEY.SCOPE', [
          { field: 'memberId', reason: 'a member key needs a memberId' },
        ]);
      if (!(await this.members.findById(input.memberId))) {
        throw invalidInput('API_KEY.SCOPE', [
          { field: 'memberId', reason: `member '${input.memberId}' does not exist` },
        ]);
      }
    }
    if (input.role !== 'cluster_manager' && input.clusterIds?.length) {
      throw invalidInput('API_KEY.SCOPE', [
        { field: 'clusterIds', reason: 'only cluster manager keys have clusters' },
      ]);
    }
    if (input.role !== 'member' && input.memberId) {
      throw invalidInput('API_KEY.SCOPE', [
        { field: 'memberId', reason: 'only member keys have a member' },
      ]);
    }
  }
}
