import { Logger } from '@nestjs/common';

/**
 * An 'error' listener for BullMQ queues and workers (without one BullMQ prints every failed
 * reconnect attempt): logs the first error of an outage, then at most one line every 10 s with how
 * many were left out. Commands still fail or wait as ioredis decides; this is only the log.
 */
export function redisErrorLogger(logger: Logger, everyMs = 10000): (error: Error) => void {
  let last = 0;
  let skipped = 0;
  return (error: Error) => {
    const now = Date.now();
    if (now - last < everyMs) {
      skipped += 1;
      return;
    }
    logger.warn({ err: error.message, repeated: skipped }, 'Redis connection error');
    last = now;
    skipped = 0;
  };
}

/** ioredis options from a redis:// URL. */
export function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
