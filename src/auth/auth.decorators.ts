import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { Role } from './api-key';
import { Principal } from './principal';

export const PUBLIC_ROUTE = 'pec:public';
export const ROUTE_ROLES = 'pec:roles';

/** No API key needed (health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; finer ownership checks stay in the services. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a public route');
    return principal;
  },
);
