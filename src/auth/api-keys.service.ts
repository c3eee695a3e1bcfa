import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { AppConfig } from '../common/config/app-config';
import { DomainError, invalidInput, notFound } from '../common/errors/domain-error';
import { Page, PageRequest, pageOf } from '../common/http/pagination';
import { newId } from '../common/ids';
import { MembersRepository } from '../members/members.repository';
import { ApiKey, Role, hashToken, newToken, sameSecret, tokenPrefix } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';
import { Principal } from './principal';

export interface NewApiKey {
  role: Role;
  label: string;
  clusterIds?: string[];
  memberId?: string;
}

const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

@Injectable()
export class ApiKeysService implements OnModuleInit {
  private readonly logger = new Logger(ApiKeysService.name);
  private adminToken?: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ApiKeysRepository) private readonly keys: ApiKeysRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.adminToken = this.config.adminToken ?? this.embeddedAdminToken();
  }

  /**
   * Without PEC_ADMIN_TOKEN, the embedded default makes one on first start and keeps it in
   * DATA_DIR/admin.token (mode 0600): the log says where, never what.
   */
  private embeddedAdminToken(): string | undefined {
    if (!this.config.embedded) {
      this.logger.warn('PEC_ADMIN_TOKEN is not set: no operator key is bootstrapped');
      return undefined;
    }
    const file = join(this.config.store.dataDir, 'admin.token');
    if (!existsSync(file)) {
      mkdirSync(this.config.store.dataDir, { recursive: true });
      writeFileSync(file, `${newToken()}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
      this.logger.log({ file }, 'generated an operator API key (PEC_ADMIN_TOKEN was not set)');
    } else {
      this.logger.log({ file }, 'operator API key read from file (PEC_ADMIN_TOKEN was not set)');
    }
    return readFileSync(file, 'utf8').trim();
  }

  async authenticate(token: string): Promise<Principal> {
    if (this.adminToken && sameSecret(token, this.adminToken)) {
      return { role: 'operator', keyId: 'bootstrap', clusterIds: [], memberId: null };
    }
    const key = await this.keys.findByTokenHash(hashToken(token));
    if (!key)
      throw new DomainError('AUTH.INVALID_KEY', 'unauthenticated', 'The API key is not valid');
    if (key.revokedAt)
      throw new DomainError('AUTH.REVOKED_KEY', 'unauthenticated', 'The API key has been revoked');
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > TOUCH_INTERVAL_MS) {
      await this.keys.touch(key.id, now.toISOString());
    }
    return { role: key.role, keyId: key.id, clusterIds: key.clusterIds, memberId: key.memberId };
  }

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
  }

  /** A new token for the same key (same role and scope); the old token stops working at once. */
  async rotate(id: string): Promise<{ key: ApiKey; token: string }> {
    const key = await this.get(id);
    if (key.revokedAt)
      throw new DomainError('API_KEY.REVOKED', 'conflict', 'A revoked key cannot be rotated');
    const token = newToken();
    await this.keys.replaceToken(id, hashToken(token), tokenPrefix(token));
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
