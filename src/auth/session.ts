import { randomBytes } from 'node:crypto';
import { Principal } from './principal';

export const SESSION_COOKIE = 'pec_session';
export const CSRF_COOKIE = 'pec_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A party an email address is the contact of: what a contact who has several chooses from. */
export interface SessionChoice {
  partyKey: string;
  role: 'cluster_manager' | 'member';
  name: string;
}

/**
 * A browser session, kept in the store so that signing out or revoking works in every process. The
 * cookie carries a random token; only its SHA-256 is stored. Writes authenticated by the cookie
 * need `csrfToken` in the X-CSRF-Token header (double submit: the app reads it from a cookie of
 * its own, which other sites cannot read).
 */
export interface Session {
  id: string;
  /** 'email': a one-time link to a contact address; 'key': an API key exchanged for it. */
  kind: 'email' | 'key';
  /** Who the session acts as; null while a contact of several parties has not chosen one. */
  principal: Principal | null;
  email: string | null;
  choices: SessionChoice[];
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** A one-time sign-in link: the token's hash, the address it went to, and whether it was used. */
export interface SignInLink {
  tokenHash: string;
  email: string;
  /** Where the app goes after signing in (a path in the app), e.g. a digest's suggestion. */
  returnTo: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export const randomSecret = (): string => randomBytes(32).toString('base64url');
