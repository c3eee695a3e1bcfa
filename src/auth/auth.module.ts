import { CanActivate, ExecutionContext, Inject, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
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
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    AuthGuard,
    RoleThrottlerGuard,
    { provide: APP_GUARD, useClass: GatewayGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
