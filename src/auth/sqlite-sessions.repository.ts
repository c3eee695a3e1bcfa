import { Db, json, settle, stmt } from '../infra/sqlite/sqlite-database';
import { Principal } from './principal';
import { Session, SessionChoice, SignInLink } from './session';
import { SessionsRepository } from './sessions.repository';

interface SessionRow {
  id: string;
  kind: string;
  principal: string | null;
  email: string | null;
  choices: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

interface LinkRow {
  token_hash: string;
  email: string;
  return_to: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

const toSession = (r: SessionRow): Session => ({
  id: r.id,
  kind: r.kind as Session['kind'],
  principal: r.principal ? (JSON.parse(r.principal) as Principal) : null,
  email: r.email,
  choices: JSON.parse(r.choices) as SessionChoice[],
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

const toLink = (r: LinkRow): SignInLink => ({
  tokenHash: r.token_hash,
  email: r.email,
  returnTo: r.return_to,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

export class SqliteSessionsRepository extends SessionsRepository {
  constructor(private readonly db: Db) {
    super();
  }

  create(session: Session, tokenHash: string): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        `INSERT INTO sessions (id, token_hash, kind, principal, email, choices, csrf_token, created_at, expires_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        session.id,
        tokenHash,
        session.kind,
        session.principal ? json.encode(session.principal) : null,
        session.email,
        json.encode(session.choices),
        session.csrfToken,
        session.createdAt,
        session.expiresAt,
        session.revokedAt,
      );
    });
  }

  findByTokenHash(tokenHash: string): Promise<Session | undefined> {
    return settle(() => {
      const row = stmt(this.db, 'SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
        SessionRow | undefined;
      return row && toSession(row);
    });
  }

  choose(id: string, principal: Principal): Promise<boolean> {
    return settle(
      () =>
        stmt(
          this.db,
          'UPDATE sessions SET principal = ? WHERE id = ? AND principal IS NULL AND revoked_at IS NULL',
        ).run(json.encode(principal), id).changes > 0,
    );
  }

  revoke(id: string, at: string): Promise<boolean> {
    return settle(
      () =>
        stmt(this.db, 'UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(
          at,
          id,
        ).changes > 0,
    );
  }

  revokeForKey(keyId: string, at: string): Promise<number> {
    return settle(
      () =>
        stmt(
          this.db,
          `UPDATE sessions SET revoked_at = ?
           WHERE json_extract(principal, '$.keyId') = ? AND kind = 'key' AND revoked_at IS NULL`,
        ).run(at, keyId).changes,
    );
  }

  createLink(link: SignInLink): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        `INSERT INTO sign_in_links (token_hash, email, return_to, created_at, expires_at, used_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(link.tokenHash, link.email, link.returnTo, link.createdAt, link.expiresAt, link.usedAt);
    });
  }

  countLinksSince(email: string, since: string): Promise<number> {
    return settle(
      () =>
        (
          stmt(
            this.db,
            'SELECT COUNT(*) AS n FROM sign_in_links WHERE email = ? AND created_at >= ?',
          ).get(email, since) as { n: number }
        ).n,
    );
  }

  consumeLink(tokenHash: string, at: string): Promise<SignInLink | undefined> {
    return settle(() => {
      const row = stmt(
        this.db,
        `UPDATE sign_in_links SET used_at = ?
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING *`,
      ).get(at, tokenHash, at) as LinkRow | undefined;
      return row && toLink(row);
    });
  }
}
