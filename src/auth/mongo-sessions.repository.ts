import { trusted } from 'mongoose';
import { MongoStore } from '../infra/mongo/mongo-store';
import { Principal } from './principal';
import { Session, SessionChoice, SignInLink } from './session';
import { SessionDoc, SignInLinkDoc, sessionSchema, signInLinkSchema } from './session.schema';
import { SessionsRepository } from './sessions.repository';

export const sessionMapper = {
  toDomain: (d: SessionDoc): Session => ({
    id: d._id,
    kind: d.kind,
    principal: d.principal
      ? {
          role: d.principal.role as Principal['role'],
          keyId: d.principal.keyId,
          clusterIds: [...d.principal.clusterIds],
          memberId: d.principal.memberId ?? null,
        }
      : null,
    email: d.email ?? null,
    choices: d.choices.map((c) => ({ ...c }) as SessionChoice),
    csrfToken: d.csrfToken,
    createdAt: d.createdAt.toISOString(),
    expiresAt: d.expiresAt.toISOString(),
    revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
  }),
  toPersistence: (s: Session, tokenHash: string): SessionDoc => ({
    _id: s.id,
    tokenHash,
    kind: s.kind,
    principal: s.principal ? { ...s.principal, clusterIds: [...s.principal.clusterIds] } : null,
    email: s.email,
    choices: s.choices.map((c) => ({ ...c })),
    csrfToken: s.csrfToken,
    createdAt: new Date(s.createdAt),
    expiresAt: new Date(s.expiresAt),
    revokedAt: s.revokedAt ? new Date(s.revokedAt) : null,
  }),
};

const toLink = (d: SignInLinkDoc): SignInLink => ({
  tokenHash: d._id,
  email: d.email,
  returnTo: d.returnTo ?? null,
  createdAt: d.createdAt.toISOString(),
  expiresAt: d.expiresAt.toISOString(),
  usedAt: d.usedAt ? d.usedAt.toISOString() : null,
});

/** The filters and updates the adapter sends (exposed so tests without a server can read them). */
export const sessionQueries = {
  choose: (id: string, principal: Principal) => ({
    filter: { _id: id, principal: null, revokedAt: null },
    update: { $set: { principal: { ...principal, clusterIds: [...principal.clusterIds] } } },
  }),
  revokeForKey: (keyId: string, at: string) => ({
    filter: { 'principal.keyId': keyId, kind: 'key', revokedAt: null },
    update: { $set: { revokedAt: new Date(at) } },
  }),
  consumeLink: (tokenHash: string, at: string) => ({
    filter: { _id: tokenHash, usedAt: null, expiresAt: trusted({ $gt: new Date(at) }) },
    update: { $set: { usedAt: new Date(at) } },
  }),
};

export class MongoSessionsRepository extends SessionsRepository {
  constructor(private readonly store: MongoStore) {
    super();
    void this.sessions;
    void this.links;
  }

  get sessions() {
    return this.store.model<SessionDoc>('Session', sessionSchema);
  }

  get links() {
    return this.store.model<SignInLinkDoc>('SignInLink', signInLinkSchema);
  }

  async create(session: Session, tokenHash: string): Promise<void> {
    await this.sessions.create(sessionMapper.toPersistence(session, tokenHash));
  }

  async findByTokenHash(tokenHash: string): Promise<Session | undefined> {
    const doc = await this.sessions.findOne({ tokenHash }).lean<SessionDoc>();
    return doc ? sessionMapper.toDomain(doc) : undefined;
  }

  async choose(id: string, principal: Principal): Promise<boolean> {
    const q = sessionQueries.choose(id, principal);
    return (await this.sessions.updateOne(q.filter, q.update)).modifiedCount > 0;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const r = await this.sessions.updateOne(
      { _id: id, revokedAt: null },
      { $set: { revokedAt: new Date(at) } },
    );
    return r.modifiedCount > 0;
  }

  async revokeForKey(keyId: string, at: string): Promise<number> {
    const q = sessionQueries.revokeForKey(keyId, at);
    return (await this.sessions.updateMany(q.filter, q.update)).modifiedCount;
  }

  async createLink(link: SignInLink): Promise<void> {
    await this.links.create({
      _id: link.tokenHash,
      email: link.email,
      returnTo: link.returnTo,
      createdAt: new Date(link.createdAt),
      expiresAt: new Date(link.expiresAt),
      usedAt: link.usedAt ? new Date(link.usedAt) : null,
    });
  }

  countLinksSince(email: string, since: string): Promise<number> {
    return this.links.countDocuments({ email, createdAt: trusted({ $gte: new Date(since) }) });
  }

  async consumeLink(tokenHash: string, at: string): Promise<SignInLink | undefined> {
    const q = sessionQueries.consumeLink(tokenHash, at);
    const doc = await this.links
      .findOneAndUpdate(q.filter, q.update, { new: true })
      .lean<SignInLinkDoc>();
    return doc ? toLink(doc) : undefined;
  }
}
