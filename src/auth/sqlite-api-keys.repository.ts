import { PageRequest } from '../common/http/pagination';
import { Db, json, stmt, settle } from '../infra/sqlite/sqlite-database';
import { ApiKey, Role } from './api-key';
import { ApiKeysRepository } from './api-keys.repository';

interface ApiKeyRow {
  id: string;
  token_hash: string;
  token_prefix: string;
  role: string;
  cluster_ids: string;
  member_id: string | null;
  label: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

const toKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  role: r.role as Role,
  clusterIds: json.list(r.cluster_ids),
  memberId: r.member_id,
  label: r.label,
  tokenPrefix: r.token_prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

export class SqliteApiKeysRepository extends ApiKeysRepository {
  constructor(private readonly db: Db) {
    super();
  }

  create(key: ApiKey, tokenHash: string): Promise<void> {
    return settle(() => {
      stmt(
        this.db,
        `INSERT INTO api_keys (id, token_hash, token_prefix, role, cluster_ids, member_id, label, created_at, revoked_at, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        key.id,
        tokenHash,
        key.tokenPrefix,
        key.role,
        json.encode(key.clusterIds),
        key.memberId,
        key.label,
        key.createdAt,
        key.revokedAt,
        key.lastUsedAt,
      );
      return;
    });
  }

  findByTokenHash(tokenHash: string): Promise<ApiKey | undefined> {
    return settle(() => {
      const row = stmt(this.db, 'SELECT * FROM api_keys WHERE token_hash = ?').get(tokenHash) as
        ApiKeyRow | undefined;
      return row && toKey(row);
    });
  }

  findById(id: string): Promise<ApiKey | undefined> {
    return settle(() => {
      const row = stmt(this.db, 'SELECT * FROM api_keys WHERE id = ?').get(id) as
        ApiKeyRow | undefined;
      return row && toKey(row);
    });
  }

  list(page: PageRequest): Promise<ApiKey[]> {
    return settle(() => {
      const rows = page.after
        ? stmt(this.db, 'SELECT * FROM api_keys WHERE id > ? ORDER BY id LIMIT ?').all(
            page.after,
            page.limit + 1,
          )
        : stmt(this.db, 'SELECT * FROM api_keys ORDER BY id LIMIT ?').all(page.limit + 1);
      return (rows as ApiKeyRow[]).map(toKey);
    });
  }

  revoke(id: string, at: string): Promise<boolean> {
    return settle(() => {
      const r = stmt(
        this.db,
        'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ).run(at, id);
      return r.changes > 0;
    });
  }

  replaceToken(id: string, tokenHash: string, tokenPrefix: string): Promise<boolean> {
    return settle(() => {
      const r = stmt(
        this.db,
        'UPDATE api_keys SET token_hash = ?, token_prefix = ? WHERE id = ? AND revoked_at IS NULL',
      ).run(tokenHash, tokenPrefix, id);
      return r.changes > 0;
    });
  }

  revokeForSubjects(
    subjects: { clusterIds: string[]; memberIds: string[] },
    at: string,
  ): Promise<number> {
    return settle(() =>
      this.db.transaction(() => {
        const live = (
          stmt(this.db, 'SELECT * FROM api_keys WHERE revoked_at IS NULL AND role != ?').all(
            'operator',
          ) as ApiKeyRow[]
        ).map(toKey);
        const gone = new Set(subjects.clusterIds);
        const goneMembers = new Set(subjects.memberIds);
        let revoked = 0;
        for (const key of live) {
          const remaining = key.clusterIds.filter((c) => !gone.has(c));
          const orphaned =
            key.role === 'member' ? goneMembers.has(key.memberId ?? '') : remaining.length === 0;
          if (orphaned) {
            stmt(this.db, 'UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(at, key.id);
            revoked += 1;
          } else if (remaining.length !== key.clusterIds.length) {
            stmt(this.db, 'UPDATE api_keys SET cluster_ids = ? WHERE id = ?').run(
              json.encode(remaining),
              key.id,
            );
          }
        }
        return revoked;
      })(),
    );
  }

  touch(id: string, at: string): Promise<void> {
    return settle(() => {
      stmt(this.db, 'UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
      return;
    });
  }
}
