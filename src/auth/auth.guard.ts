import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import { Role } from './api-key';
import { KeyAuthenticator } from './key-authenticator';
import { AuthenticatedRequest, PUBLIC_ROUTE, ROUTE_ROLES, SESSION_ROUTE } from './auth.decorators';
import { Principal } from './principal';
import { SessionAuthenticator } from './session-authenticator';

/**
 * Every route needs `Authorization: Bearer <api key>` or the session cookie unless marked
 * @Public(): the same principal, the same roles. A write with the cookie also needs the CSRF
 * header. A bearer key wins when both are sent.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(KeyAuthenticator) private readonly keys: KeyAuthenticator,
    @Inject(SessionAuthenticator) private readonly sessions: SessionAuthenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.principalOf(req, targets);
    if (!principal) return true; // a session route, before the session has chosen its party
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new DomainError(
        'AUTH.ROLE_FORBIDDEN',
        'forbidden',
        `This action needs the role ${roles.join(' or ')}`,
      );
    }
    return true;
  }

  private async principalOf(
    req: AuthenticatedRequest,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): Promise<Principal | undefined> {
    const header = req.headers.authorization;
    const cookie = header ? undefined : this.sessions.tokenOf(req);
    if (cookie) {
      const session = await this.sessions.authenticate(cookie);
      this.sessions.checkCsrf(req, session);
      req.session = session;
      if (session.principal) return session.principal;
      if (this.reflector.getAllAndOverride<boolean>(SESSION_ROUTE, targets)) return undefined;
      throw new DomainError(
        'AUTH.PARTY_NOT_CHOSEN',
        'forbidden',
        'Choose which of your parties to act as first: POST /v1/auth/session/party',
      );
    }
    if (!header)
      throw unauthenticated(
        'AUTH.MISSING_KEY',
        'Send an API key (Authorization: Bearer <key>) or sign in for a session cookie',
      );
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
    if (!match)
      throw unauthenticated('AUTH.MALFORMED', 'The Authorization header must be "Bearer <key>"');
    return this.keys.authenticate(match[1]);
  }
}

export function unauthenticated(code: string, message: string): DomainError {
  return new DomainError(code, 'unauthenticated', message);
}
