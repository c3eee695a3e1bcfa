import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { hashToken } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';
import { CSRF_HEADER, SESSION_COOKIE, Session } from './session';
import { SessionsRepository } from './sessions.repository';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie of the request (no cookie middleware needed for one name). */
export function cookieOf(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return /^[\w-]{16,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

const sessionInvalid = () =>
  new DomainError(
    'AUTH.SESSION_INVALID',
    'unauthenticated',
    'Your session has ended (signed out, expired or revoked): sign in again',
  );

/**
 * Turns the session cookie into the session it stands for, in any process (sessions are in the
 * store): refused when unknown, expired or revoked, and, for a session made from an API key,
 * when that key has been revoked since. Writes made with the cookie must carry the session's CSRF
 * token in the X-CSRF-Token header.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(ApiKeysRepository) private readonly keys: ApiKeysRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  tokenOf(req: Request): string | undefined {
    return cookieOf(req, SESSION_COOKIE);
  }

  async authenticate(token: string): Promise<Session> {
    const session = await this.sessions.findByTokenHash(hashToken(token));
    if (!session || session.revokedAt || session.expiresAt <= this.clock.nowIso())
      throw sessionInvalid();
    const keyId = session.principal?.keyId;
    if (session.kind === 'key' && keyId && keyId !== 'bootstrap') {
      const key = await this.keys.findById(keyId);
      if (!key || key.revokedAt) throw sessionInvalid();
    }
    return session;
  }

  /** A write with the cookie needs the session's CSRF token in the header: else 403. */
  checkCsrf(req: Request, session: Session): void {
    if (SAFE_METHODS.has(req.method.toUpperCase())) return;
    const sent = req.headers[CSRF_HEADER];
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    const expected = Buffer.from(session.csrfToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new DomainError(
        'AUTH.CSRF',
        'forbidden',
        `A change made with the session cookie needs the ${CSRF_HEADER} header with the session's CSRF token (from GET /v1/auth/session or the pec_csrf cookie)`,
      );
  }
}
