import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import { Role } from './api-key';
import { KeyAuthenticator } from './key-authenticator';
import { AuthenticatedRequest, PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';

/** Every route needs `Authorization: Bearer <api key>` unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(KeyAuthenticator) private readonly keys: KeyAuthenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (!header)
      throw unauthenticated('AUTH.MISSING_KEY', 'Send an API key: Authorization: Bearer <key>');
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
    if (!match)
      throw unauthenticated('AUTH.MALFORMED', 'The Authorization header must be "Bearer <key>"');
    const principal = await this.keys.authenticate(match[1]);
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
}

export function unauthenticated(code: string, message: string): DomainError {
  return new DomainError(code, 'unauthenticated', message);
}
