import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['operator', 'cluster_manager', 'member'] as const;
export type Role = (typeof ROLES)[number];

/**
 * An API key. The token itself is shown once at creation; only its SHA-256 is stored (tokens are
 * 256-bit random values, so a fast hash is enough: there is nothing to brute-force).
 */
export interface ApiKey {
  id: string;
  role: Role;
  /** For cluster managers: the clusters they manage. */
  clusterIds: string[];
  /** For members: the member they act as. */
  memberId: string | null;
  label: string;
  /** First characters of the token, to recognise a key in lists without revealing it. */
  tokenPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export function newToken(): string {
  return `pec_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenPrefix(token: string): string {
  return token.slice(0, 10);
}

export function sameSecret(a: string, b: string): boolean {
  const ha = Buffer.from(hashToken(a), 'hex');
  const hb = Buffer.from(hashToken(b), 'hex');
  return timingSafeEqual(ha, hb);
}
