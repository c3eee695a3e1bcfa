import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { DomainError } from '../common/errors/domain-error';
import { hashToken, newToken, sameSecret } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';
import { Principal } from './principal';

const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/** Turns a presented API key into the principal it stands for (or refuses it). */
@Injectable()
export class KeyAuthenticator implements OnModuleInit {
  private readonly logger = new Logger(KeyAuthenticator.name);
  private adminToken?: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ApiKeysRepository) private readonly keys: ApiKeysRepository,
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
}
