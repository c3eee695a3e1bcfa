import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { Role } from './api-key';
import { Principal } from './principal';
import { Session } from './session';

export const PUBLIC_ROUTE = 'pec:public';
export const ROUTE_ROLES = 'pec:roles';
export const SESSION_ROUTE = 'pec:session-route';

/** No API key needed (health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** A route of the session itself (who am I, choose a party, sign out): open to a session that has not chosen its party yet. */
export const SessionRoute = () => SetMetadata(SESSION_ROUTE, true);

/** Only these roles may call the route; finer ownership checks stay in the services. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

export type AuthenticatedRequest = Request & { principal?: Principal; session?: Session };

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a public route');
    return principal;
  },
);
