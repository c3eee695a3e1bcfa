import {
  ExecutionContext,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerStorage,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import { Redis } from 'ioredis';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../common/config/app-config';
import { APP_CONFIG } from '../common/config/config.module';
import { redisConnection, redisErrorLogger } from '../infra/redis';
import { AuthenticatedRequest } from './auth.decorators';

/** How many requests the caller may make per window: by its key's role, else by its address. */
export function limitFor(context: ExecutionContext, config: AppConfig): number {
  const role = context.switchToHttp().getRequest<AuthenticatedRequest>().principal?.role;
  return config.http.throttle.limits[role ?? 'anonymous'];
}

/**
 * @nestjs/throttler's guard, counting per API key (whatever the route) once the key is known, and
 * per client address for calls without a valid key (so guessing keys is throttled too).
 */
@Injectable()
export class RoleThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const r = req as unknown as AuthenticatedRequest & Request;
    return Promise.resolve(r.principal ? `key:${r.principal.keyId}` : `ip:${r.ip ?? 'unknown'}`);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }

  /**
   * 429 as problem+json with a sentence a person can act on, `Retry-After`, and the draft IETF
   * `RateLimit-*` headers (limit, remaining, seconds to reset, and the policy: limit;w=window).
   */
  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    const reset = Math.max(1, detail.isBlocked ? detail.timeToBlockExpire : detail.timeToExpire);
    const windowSeconds = Math.ceil(detail.ttl / 1000);
    res.setHeader('RateLimit-Limit', String(detail.limit));
    res.setHeader('RateLimit-Remaining', '0');
    res.setHeader('RateLimit-Reset', String(reset));
    res.setHeader('RateLimit-Policy', `${detail.limit};w=${windowSeconds}`);
    throw new DomainError(
      'RATE.LIMITED',
      'rate_limited',
      `Too many requests: ${detail.limit} per ${windowSeconds} s are allowed for this caller. Try again in ${reset} s.`,
      [],
      reset,
    );
  }
}

const SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
end
local blocked = redis.call('PTTL', KEYS[2])
return { hits, ttl, blocked }
`;

/**
 * Rate-limit counters in Redis, shared by every api replica (with REDIS_URL). Fails open: when
 * Redis does not answer within 250 ms the replica counts in memory, so an outage of Redis never
 * stops the API from serving.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RedisThrottlerStorage');
  private readonly redis: Redis;
  private readonly fallback = new ThrottlerStorageService();
  private readonly warn = redisErrorLogger(this.logger);

  constructor(url: string) {
    this.redis = new Redis({
      ...redisConnection(url),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
      keyPrefix: 'pec:throttle:',
    });
    this.redis.on('error', this.warn);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    try {
      const [hits, ttlMs, blockMs] = (await Promise.race([
        this.redis.eval(SCRIPT, 2, key, `${key}:blocked`, ttl, limit, blockDuration),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('Redis did not answer in 250 ms')), 250).unref(),
        ),
      ])) as [number, number, number];
      return {
        totalHits: hits,
        timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
        isBlocked: blockMs > 0,
        timeToBlockExpire: Math.max(0, Math.ceil(blockMs / 1000)),
      };
    } catch (error) {
      this.warn(error as Error);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
    this.redis.disconnect();
  }
}

/** Holds the Redis counter store (with REDIS_URL) as a provider, so that it closes at shutdown. */
@Module({
  providers: [
    {
      provide: RedisThrottlerStorage,
      useFactory: (config: AppConfig) =>
        config.redisUrl ? new RedisThrottlerStorage(config.redisUrl) : null,
      inject: [APP_CONFIG],
    },
  ],
  exports: [RedisThrottlerStorage],
})
export class ThrottleStorageModule {}
