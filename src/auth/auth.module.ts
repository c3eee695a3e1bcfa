import { CanActivate, ExecutionContext, Inject, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { storeAdapter } from '../infra/store-adapter';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthGuard } from './auth.guard';
import { KeyAuthenticator } from './key-authenticator';
import { MongoApiKeysRepository } from './mongo-api-keys.repository';
import { SqliteApiKeysRepository } from './sqlite-api-keys.repository';
import { MongoSessionsRepository } from './mongo-sessions.repository';
import { SessionAuthenticator } from './session-authenticator';
import { SessionsRepository } from './sessions.repository';
import { SqliteSessionsRepository } from './sqlite-sessions.repository';
import {
  RedisThrottlerStorage,
  RoleThrottlerGuard,
  ThrottleStorageModule,
  limitFor,
} from './throttling';

/**
 * The one global guard: authenticates (and checks the route's roles), then counts the request
 * against the caller's rate limit. A request refused by authentication still counts, against the
 * client's address, so keys cannot be guessed at speed.
 */
@Injectable()
class GatewayGuard implements CanActivate {
  constructor(
    @Inject(AuthGuard) private readonly auth: AuthGuard,
    @Inject(RoleThrottlerGuard) private readonly throttle: RoleThrottlerGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      await this.auth.canActivate(context);
    } catch (error) {
      await this.throttle.canActivate(context);
      throw error;
    }
    return this.throttle.canActivate(context);
  }
}

/**
 * Who is calling: API keys (their storage and authentication), roles and scopes, the global
 * guard and the rate limits. Key management for operators is in api-keys/.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottleStorageModule],
      inject: [APP_CONFIG, RedisThrottlerStorage],
      useFactory: (config: AppConfig, redis: RedisThrottlerStorage | null) => ({
        throttlers: [
          {
            name: 'default',
            ttl: config.http.throttle.windowMs,
            limit: (context: ExecutionContext) => limitFor(context, config),
          },
        ],
        storage: redis ?? undefined,
      }),
    }),
  ],
  providers: [
    storeAdapter(ApiKeysRepository, {
      sqlite: (db) => new SqliteApiKeysRepository(db),
      mongodb: (store) => new MongoApiKeysRepository(store),
    }),
    storeAdapter(SessionsRepository, {
      sqlite: (db) => new SqliteSessionsRepository(db),
      mongodb: (store) => new MongoSessionsRepository(store),
    }),
    KeyAuthenticator,
    SessionAuthenticator,
    AuthGuard,
    RoleThrottlerGuard,
    { provide: APP_GUARD, useClass: GatewayGuard },
  ],
  exports: [ApiKeysRepository, KeyAuthenticator, SessionsRepository],
})
export class AuthModule {}
