import { ClientSession, Model, Schema, UpdateQuery, trusted } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error';
import { PageRequest } from '../../common/http/pagination';
import { ChangeDoc, MongoStore, escapeRegex, isDuplicateKey } from './mongo-store';

/** What header reads (findHeadersByIds, items' listForOwners) leave on the server: the long texts. */
export const HEADER_PROJECTION = { description: 0, searchText: 0 } as const;

export interface EntitySpec<T, Doc> {
  entity: ChangeDoc['entity'];
  model: string;
  schema: Schema<Doc>;
  toDomain(doc: Doc): T;
  toPersistence(record: T, seq: number): Doc;
  externalIdTaken: () => DomainError;
}

/**
 * The MongoDB half of a registry repository (clusters, members, items): each write and its
 * change-log entry in one transaction (or the caller's unit of work), lookups by id and
 * externalId, lists by `_id` keyset. A feature's repository extends it and adds its own queries.
 */
export abstract class MongoEntityRepository<
  T extends { id: string; updatedAt: string },
  Doc extends { _id: string },
> {
  protected constructor(
    protected readonly store: MongoStore,
    private readonly spec: EntitySpec<T, Doc>,
  ) {
    store.model<Doc>(spec.model, spec.schema); // registered up front so ensureIndexes sees it
  }

  get model(): Model<Doc> {
    return this.store.model<Doc>(this.spec.model, this.spec.schema);
  }

  async create(record: T): Promise<void> {
    await this.write(record, async (doc, session) => {
      await this.model.create([doc], { session });
    });
  }

  async update(record: T): Promise<void> {
    await this.write(record, async (doc, session) => {
      await this.model.updateOne({ _id: doc._id }, this.replaceUpdate(doc), {
        session,
        runValidators: true,
      });
    });
  }

  /** The update document that replaces a stored record (exposed for tests that need no server). */
  replaceUpdate(doc: Doc): UpdateQuery<Doc> {
    const { _id, createdAt: _createdAt, ...fields } = doc as Doc & { createdAt?: Date };
    return { $set: fields } as UpdateQuery<Doc>;
  }

  delete(id: string, at: string): Promise<boolean> {
    return this.store.transaction(async (session) => {
      const { deletedCount } = await this.model.deleteOne({ _id: id }, { session });
      if (deletedCount)
        await this.store.recordChange(this.spec.entity, id, 'delete', new Date(at), session);
      return deletedCount > 0;
    });
  }

  findById(id: string): Promise<T | undefined> {
    return this.findOne({ _id: id });
  }

  findByExternalId(externalId: string): Promise<T | undefined> {
    return this.findOne({ externalId });
  }

  async findByIds(ids: readonly string[]): Promise<T[]> {
    const docs = await this.model
      .find({ _id: trusted({ $in: [...ids] }) }, null, { session: this.store.session })
      .lean<Doc[]>();
    return docs.map((d) => this.spec.toDomain(d));
  }

  async findHeadersByIds(ids: readonly string[]): Promise<T[]> {
    const docs = await this.headersQuery(ids).lean<Doc[]>();
    return docs.map((d) => this.spec.toDomain({ ...d, description: '' }));
  }

  /** The query of findHeadersByIds: the long texts are left on the server (tests read it). */
  headersQuery(ids: readonly string[]) {
    return this.model.find({ _id: trusted({ $in: [...ids] }) }, HEADER_PROJECTION, {
      session: this.store.session,
    });
  }

  count(): Promise<number> {
    return this.model.countDocuments({}, { session: this.store.session });
  }

  async setInferredSectors(
    id: string,
    sectors: readonly { code: string; confidence: number }[],
  ): Promise<void> {
    await this.model.updateOne({ _id: id }, this.inferredSectorsUpdate(sectors), {
      session: this.store.session,
    });
  }

  /** The update of setInferredSectors (exposed for tests that need no server). */
  inferredSectorsUpdate(sectors: readonly { code: string; confidence: number }[]) {
    return { $set: { inferredSectors: sectors.map((s) => ({ ...s })) } } as UpdateQuery<Doc>;
  }

  /** The query a list sends (exposed for tests that need no server). */
  listQuery(filter: Record<string, unknown>, page: PageRequest) {
    return this.model
      .find(filter, null, { session: this.store.session })
      .sort({ _id: 1 })
      .limit(page.limit + 1);
  }

  protected async listWhere(filter: Record<string, unknown>, page: PageRequest): Promise<T[]> {
    const docs = await this.listQuery(filter, page).lean<Doc[]>();
    return docs.map((d) => this.spec.toDomain(d));
  }

  /** The filter for records whose contact email is this address, ignoring case (tests read it). */
  contactEmailFilter(email: string): Record<string, unknown> {
    return { contactEmail: trusted({ $regex: `^${escapeRegex(email.trim())}$`, $options: 'i' }) };
  }

  /** The records whose contact email is this address, ignoring case (at most 50). */
  async findByContactEmail(email: string): Promise<T[]> {
    const docs = await this.model
      .find(this.contactEmailFilter(email))
      .sort({ _id: 1 })
      .limit(50)
      .lean<Doc[]>();
    return docs.map((d) => this.spec.toDomain(d));
  }

  protected async findOne(filter: Record<string, string>): Promise<T | undefined> {
    const doc = await this.model.findOne(filter, null, { session: this.store.session }).lean<Doc>();
    return doc ? this.spec.toDomain(doc) : undefined;
  }

  /** Deletes the records where `field = value`, recording each; returns their ids. */
  protected deleteWhere(field: string, value: string, at: string): Promise<string[]> {
    return this.store.transaction(async (session) => {
      const ids = await this.idsWhere(field, value, session);
      await this.model.deleteMany({ _id: trusted({ $in: ids }) }, { session });
      for (const id of ids)
        await this.store.recordChange(this.spec.entity, id, 'delete', new Date(at), session);
      return ids;
    });
  }

  /** Sets fields on the records where `field = value`, recording each change; returns their ids. */
  protected setWhere(
    field: string,
    value: string,
    set: Record<string, string>,
    at: string,
  ): Promise<string[]> {
    return this.store.transaction(async (session) => {
      const ids = await this.idsWhere(field, value, session);
      for (const id of ids) {
        const seq = await this.store.recordChange(
          this.spec.entity,
          id,
          'upsert',
          new Date(at),
          session,
        );
        await this.model.updateOne(
          { _id: id },
          { $set: { ...set, updatedAt: new Date(at), seq } },
          { session },
        );
      }
      return ids;
    });
  }

  private async idsWhere(field: string, value: string, session: ClientSession): Promise<string[]> {
    const docs = await this.model
      .find({ [field]: value }, { _id: 1 }, { session })
      .sort({ _id: 1 })
      .lean<{ _id: string }[]>();
    return docs.map((d) => d._id);
  }

  private async write(
    record: T,
    fn: (doc: Doc, session: ClientSession) => Promise<void>,
  ): Promise<void> {
    try {
      await this.store.transaction(async (session) => {
        const seq = await this.store.recordChange(
          this.spec.entity,
          record.id,
          'upsert',
          new Date(record.updatedAt),
          session,
        );
        await fn(this.spec.toPersistence(record, seq), session);
      });
    } catch (error) {
      if (isDuplicateKey(error, 'externalId')) throw this.spec.externalIdTaken();
      throw error;
    }
  }
}
