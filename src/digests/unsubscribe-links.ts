import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';

/** Signed one-click unsubscribe links (RFC 8058): a link is bound to its recipient. */
@Injectable()
export class UnsubscribeLinks implements OnModuleInit {
  private secret = '';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The signing key: DIGEST_SECRET, else derived from PEC_ADMIN_TOKEN, else a file in DATA_DIR. */
  onModuleInit(): void {
    if (this.config.digests.secret) this.secret = this.config.digests.secret;
    else if (this.config.adminToken)
      this.secret = createHash('sha256')
        .update(`pec-digest|${this.config.adminToken}`)
        .digest('hex');
    else {
      const file = join(this.config.store.dataDir, 'digest.secret');
      if (!existsSync(file)) {
        mkdirSync(this.config.store.dataDir, { recursive: true });
        writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
      }
      this.secret = readFileSync(file, 'utf8').trim();
    }
  }

  unsubscribeUrl(recipientKey: string): string {
    return `${this.config.http.publicBaseUrl}/v1/unsubscribe?recipient=${encodeURIComponent(recipientKey)}&signature=${this.sign(recipientKey)}`;
  }

  verify(recipientKey: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(recipientKey));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(recipientKey: string): string {
    return createHmac('sha256', this.secret)
      .update(`unsubscribe|${recipientKey}`)
      .digest('base64url');
  }
}
