import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';

/** Paths that may carry secrets: never written to the log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.token',
  '*.password',
  '*.adminToken',
  '*.mongodbUri',
  '*.redisUrl',
  '*.smtpUrl',
  '*.secret',
];

/**
 * Query parameters whose name looks like a credential (`access_token`, `api_key`, `apikey`,
 * `token`, `key`, `secret`, `password`, `signature`, `code`, and names containing them) have their
 * values replaced. No route accepts a key from the query string; this keeps a mistaken one out of
 * the log all the same.
 */
export function redactUrl(url: string): string {
  return url.replace(
    /([?&][^=&#]*(?:token|key|secret|passw|signature|code)[^=&#]*=)[^&#]*/gi,
    '$1[redacted]',
  );
}

/** Structured JSON logs (pino), one line per request, secrets redacted. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: { ignore: (req) => req.url === '/health' },
      // A base binding, not customProps: pino-http makes a second child logger per request for
      // custom props, and compares their JSON again when the request ends (a tenth of /health).
      base: { pid: process.pid, hostname: hostname(), service: 'pec-match' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
      },
    },
  };
}
