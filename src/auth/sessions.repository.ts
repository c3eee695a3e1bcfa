import { Principal } from './principal';
import { Session, SignInLink } from './session';

/** Port: browser sessions and one-time sign-in links. */
export abstract class SessionsRepository {
  abstract create(session: Session, tokenHash: string): Promise<void>;
  abstract findByTokenHash(tokenHash: string): Promise<Session | undefined>;
  /** Sets the party a session acts as, once: false when it has one already or is revoked. */
  abstract choose(id: string, principal: Principal): Promise<boolean>;
  abstract revoke(id: string, at: string): Promise<boolean>;
  /** Revokes every live session made from this API key; returns how many. */
  abstract revokeForKey(keyId: string, at: string): Promise<number>;
  abstract createLink(link: SignInLink): Promise<void>;
  /** Links sent to this address since `since` (the per-address rate limit). */
  abstract countLinksSince(email: string, since: string): Promise<number>;
  /** Marks the link used and returns it, if it exists, is unused and has not expired; once only. */
  abstract consumeLink(tokenHash: string, at: string): Promise<SignInLink | undefined>;
}
