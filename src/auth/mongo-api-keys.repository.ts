import { trusted } from 'mongoose';
import { PageRequest } from '../common/http/pagination';
import { MongoStore } from '../infra/mongo/mongo-store';
import { ApiKey, Role } from './api-key';
import { ApiKeyDoc, apiKeySchema } from './api-key.schema';
import { ApiKeysRepository } from './api-keys.repository';

const toKey = (d: ApiKeyDoc): ApiKey => ({
  id: d._id,
  role: d.role as Role,
  clusterIds: [...d.clusterIds],
  memberId: d.memberId ?? null,
  label: d.label,
  tokenPrefix: d.tokenPrefix,
  createdAt: d.createdAt.toISOString(),
  revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
  lastUsedAt: d.lastUsedAt ? d.lastUsedAt.toISOString() : null,
});

export class MongoApiKeysRepository extends ApiKeysRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.model;
  }

  get model() {
    return this.store.model<ApiKeyDoc>('ApiKey', apiKeySchema);
  }

  async create(key: ApiKey, tokenHash: string): Promise<void> {
    await this.model.create({
      _id: key.id,
      tokenHash,
      tokenPrefix: key.tokenPrefix,
      role: key.role,
      clusterIds: key.clusterIds,
      memberId: key.memberId,
      label: key.label,
      createdAt: new Date(key.createdAt),
      revokedAt: key.revokedAt ? new Date(key.revokedAt) : null,
      lastUsedAt: null,
    });
  }

  async findByTokenHash(tokenHash: string): Promise<ApiKey | undefined> {
    const doc = await this.model.findOne({ tokenHash }).lean<ApiKeyDoc>();
    return doc ? toKey(doc) : undefined;
  }

  async findById(id: string): Promise<ApiKey | undefined> {
    const doc = await this.model.findById(id).lean<ApiKeyDoc>();
    return doc ? toKey(doc) : undefined;
  }

  async list(page: PageRequest): Promise<ApiKey[]> {
    const filter = page.after ? { _id: trusted({ $gt: page.after }) } : {};
    const docs = await this.model
      .find(filter)
      .sort({ _id: 1 })
      .limit(page.limit + 1)
      .lean<ApiKeyDoc[]>();
    return docs.map(toKey);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const r = await this.model.updateOne(
      { _id: id, revokedAt: null },
      { $set: { revokedAt: new Date(at) } },
    );
    return r.modifiedCount > 0;
  }

  async replaceToken(id: string, tokenHash: string, tokenPrefix: string): Promise<boolean> {
    const r = await this.model.updateOne(
      { _id: id, revokedAt: null },
      { $set: { tokenHash, tokenPrefix } },
    );
    return r.modifiedCount > 0;
  }

  async revokeForSubjects(
    subjects: { clusterIds: string[]; memberIds: string[] },
    at: string,
  ): Promise<number> {
    const revokedAt = new Date(at);
    const members = await this.model.updateMany(
      { role: 'member', revokedAt: null, memberId: trusted({ $in: subjects.memberIds }) },
      { $set: { revokedAt } },
    );
    await this.model.updateMany(
      {
        role: 'cluster_manager',
        revokedAt: null,
        clusterIds: trusted({ $in: subjects.clusterIds }),
      },
      { $pull: { clusterIds: trusted({ $in: subjects.clusterIds }) } },
    );
    const managers = await this.model.updateMany(
      { role: 'cluster_manager', revokedAt: null, clusterIds: trusted({ $size: 0 }) },
      { $set: { revokedAt } },
    );
    return members.modifiedCount + managers.modifiedCount;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { lastUsedAt: new Date(at) } });
  }
}
