import { Role } from './api-key';

/** Who is calling: resolved from the API key by the auth guard. */
export interface Principal {
  role: Role;
  /** `bootstrap` for the operator token from PEC_ADMIN_TOKEN. */
  keyId: string;
  clusterIds: readonly string[];
  memberId: string | null;
}

export const isOperator = (p: Principal): boolean => p.role === 'operator';
