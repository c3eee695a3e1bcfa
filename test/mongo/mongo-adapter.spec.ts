import mongoose from 'mongoose';
import { clusterMapper, clusterSchema } from '../../src/clusters/cluster.schema';
import { MongoClustersRepository } from '../../src/clusters/mongo-clusters.repository';
import { criteriaSchema } from '../../src/criteria/mongo-criteria.repository';
import { MongoDigestsRepository } from '../../src/digests/mongo-digests.repository';
import { economySchema } from '../../src/economies/economy.schema';
import {
  MongoSuggestionsRepository,
  feedbackSchema,
  partnerEconomyPipeline,
  suggestionSchema,
} from '../../src/suggestions/mongo-suggestions.repository';
import { embeddingMapper, embeddingSchema } from '../../src/embeddings/embedding.schema';
import { MongoEmbeddingsRepository } from '../../src/embeddings/mongo-embeddings.repository';
import { MongoEconomiesRepository } from '../../src/economies/mongo-economies.repository';
import { MongoImportRunsRepository } from '../../src/import/mongo-import-runs.repository';
import { MongoStore } from '../../src/infra/mongo/mongo-store';
import { sessionMapper, sessionQueries } from '../../src/auth/mongo-sessions.repository';
import { Session } from '../../src/auth/session';
import { sessionSchema, signInLinkSchema } from '../../src/auth/session.schema';
import { Introduction, IntroductionEvent } from '../../src/introductions/introduction';
import {
  MongoIntroductionsRepository,
  introductionCountsPipeline,
  introductionMapper,
  introductionSchema,
} from '../../src/introductions/mongo-introductions.repository';
import { itemMapper, itemSchema } from '../../src/items/item.schema';
import { MongoItemsRepository } from '../../src/items/mongo-items.repository';
import { memberMapper, memberSchema } from '../../src/members/member.schema';
import { MongoMembersRepository } from '../../src/members/mongo-members.repository';
import {
  MongoCollaborationsRepository,
  collaborationMapper,
  collaborationSchema,
} from '../../src/collaborations/mongo-collaborations.repository';
import { aCluster, aMember, anItem } from '../support/factories';

/**
 * What the MongoDB adapter can prove without a server: schema validation, mappers both ways, and
 * the filters and updates the repositories send. (The contract suites run it against a real server
 * when MONGODB_URI is set.)
 */
const store = new MongoStore(mongoose.createConnection());
/** Casts a query's filter as the server round-trip would, and returns its error, if any. */
const castError = (query: mongoose.Query<unknown, unknown>) => {
  (query as unknown as { _castConditions(): void })._castConditions();
  return query.error();
};
/** Drops mongoose's symbol markers (`trusted`) for comparison. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('MongoDB schemas', () => {
  const Cluster = store.model('Cluster', clusterSchema);
  const Member = store.model('Member', memberSchema);
  const Item = store.model('Item', itemSchema);
  const Economy = store.model('Economy', economySchema);

  it('accepts what the mappers produce', () => {
    const c = aCluster();
    const m = aMember(c);
    const i = anItem({ clusterId: c.id, memberId: m.id, economy: c.economy });
    expect(new Cluster(clusterMapper.toPersistence(c, 1)).validateSync()).toBeUndefined();
    expect(new Member(memberMapper.toPersistence(m, 2)).validateSync()).toBeUndefined();
    expect(new Item(itemMapper.toPersistence(i, 3)).validateSync()).toBeUndefined();
  });

  it('refuses missing required fields, bad enums and bad codes, naming the paths', () => {
    const bad = new Cluster({
      _id: 'x',
      economy: 'korea',
      sectors: [],
      sectorIndex: [],
      searchText: '',
      seq: 1,
    });
    expect(Object.keys(bad.validateSync()!.errors).sort()).toEqual(
      ['createdAt', 'description', 'economy', 'name', 'searchText', 'updatedAt'].sort(),
    );
    const item = new Item({
      ...itemMapper.toPersistence(anItem({ clusterId: 'c', economy: 'KR' }), 1),
      area: 'fishing',
      kind: 'gift',
    });
    expect(Object.keys(item.validateSync()!.errors).sort()).toEqual(['area', 'kind']);
    expect(
      new Economy({
        _id: 'KOR',
        name: 'x',
        languages: [],
        timezone: 'x',
        apec: true,
        createdAt: new Date(),
        updatedAt: new Date(),
      }).validateSync()!.errors._id,
    ).toBeDefined();
  });

  it('refuses an item whose owner type and member disagree', () => {
    const doc = itemMapper.toPersistence(anItem({ clusterId: 'c', economy: 'KR' }), 1);
    expect(
      new Item({ ...doc, ownerType: 'member', memberId: null }).validateSync()!.errors.memberId,
    ).toBeDefined();
    expect(
      new Item({ ...doc, ownerType: 'cluster', memberId: 'm' }).validateSync()!.errors.memberId,
    ).toBeDefined();
  });

  it('indexes what the list filters use', () => {
    const keys = (schema: mongoose.Schema) =>
      schema.indexes().map(([fields]) => Object.keys(fields).join('+'));
    expect(keys(clusterSchema)).toEqual(
      expect.arrayContaining(['externalId', 'economy+_id', 'sectorIndex+_id']),
    );
    expect(keys(itemSchema)).toEqual(
      expect.arrayContaining([
        'externalId',
        'clusterId+_id',
        'memberId+_id',
        'kind+area+_id',
        'sectorIndex+_id',
      ]),
    );
    expect(clusterSchema.indexes().find(([f]) => 'externalId' in f)![1]).toMatchObject({
      unique: true,
      partialFilterExpression: { externalId: { $type: 'string' } },
    });
  });
});

describe('MongoDB mappers', () => {
  it('round-trip every entity, deriving the sector index and the search text', () => {
    const c = aCluster({ sectors: ['2610'], region: null, website: null });
    const doc = clusterMapper.toPersistence(c, 7);
    expect(doc).toMatchObject({ _id: c.id, seq: 7, sectorIndex: ['26', '261', '2610', 'C'] });
    expect(doc.searchText).toContain('power semiconductors');
    expect(clusterMapper.toDomain(doc)).toEqual(c);
    const m = aMember(c);
    expect(memberMapper.toDomain(memberMapper.toPersistence(m, 1))).toEqual(m);
    const i = anItem({ clusterId: c.id, memberId: m.id, economy: 'KR' });
    expect(itemMapper.toDomain(itemMapper.toPersistence(i, 1))).toEqual(i);
  });
});

describe('MongoDB queries and updates', () => {
  const clusters = new MongoClustersRepository(store);
  const items = new MongoItemsRepository(store);
  const members = new MongoMembersRepository(store);

  it('reads headers by ids leaving the long texts on the server', () => {
    for (const repo of [clusters, members]) {
      const query = repo.headersQuery(['a', 'b']);
      expect(plain(query.getFilter())).toEqual({ _id: { $in: ['a', 'b'] } });
      expect(query.projection()).toEqual({ description: 0, searchText: 0 });
    }
    for (const path of ['description', 'searchText']) {
      expect(clusterSchema.path(path)).toBeDefined();
      expect(memberSchema.path(path)).toBeDefined();
    }
  });

  it('builds list filters from the domain filter, with user text escaped', () => {
    const filter = clusters.listFilter(
      { economy: 'KR', sector: '26', text: 'sic (power)' },
      { limit: 10, after: 'abc' },
    );
    const query = clusters.listQuery(filter, { limit: 10 });
    expect(plain(query.getFilter())).toEqual({
      economy: 'KR',
      sectorIndex: '26',
      searchText: { $regex: 'sic \\(power\\)' },
      _id: { $gt: 'abc' },
    });
    expect(query.getOptions()).toMatchObject({ sort: { _id: 1 }, limit: 11 });
    expect(members.listFilter({ clusterId: 'c1', kind: 'university' }, { limit: 5 })).toEqual({
      clusterId: 'c1',
      kind: 'university',
    });
    expect(
      plain(
        items.listFilter(
          { area: 'trade', validOn: '2026-11-27', expiredBefore: '2027-01-01' },
          { limit: 5 },
        ),
      ),
    ).toEqual({ area: 'trade', validUntil: { $gte: '2026-11-27', $lt: '2027-01-01' } });
  });

  it('keeps its own operators through sanitizeFilter and neutralises injected ones', () => {
    const filter = clusters.listFilter(
      { economy: { $ne: 'KR' } as unknown as string, text: 'x' },
      { limit: 1, after: 'a' },
    );
    const sanitized = mongoose.sanitizeFilter(filter);
    expect(sanitized.economy).toEqual({ $eq: { $ne: 'KR' } });
    expect(plain(sanitized.searchText)).toEqual({ $regex: 'x' });
    expect(plain(sanitized._id)).toEqual({ $gt: 'a' });
  });

  it('replaces a record without touching createdAt', () => {
    const c = aCluster();
    const update = clusters.replaceUpdate(clusterMapper.toPersistence(c, 9)) as {
      $set: Record<string, unknown>;
    };
    expect(update.$set).toMatchObject({ name: c.name, seq: 9, updatedAt: new Date(c.updatedAt) });
    expect(update.$set).not.toHaveProperty('createdAt');
    expect(update.$set).not.toHaveProperty('_id');
  });

  it('builds the economy upsert and the import batch update', () => {
    const at = new Date('2026-11-27T00:00:00Z');
    const economies = new MongoEconomiesRepository(store);
    expect(
      economies.upsertUpdate(
        { code: 'DE', name: 'Germany', languages: ['de'], timezone: 'Europe/Berlin', apec: false },
        at,
      ),
    ).toEqual({
      $set: {
        name: 'Germany',
        languages: ['de'],
        timezone: 'Europe/Berlin',
        apec: false,
        updatedAt: at,
      },
      $setOnInsert: { createdAt: at },
    });
    const runs = new MongoImportRunsRepository(store);
    expect(
      runs.batchUpdate({
        at: at.toISOString(),
        lines: 10,
        committedThroughLine: 10,
        created: 3,
        updated: 2,
        unchanged: 4,
        rejections: [{ line: 5, problems: [] }],
      }),
    ).toEqual({
      $set: { lines: 10, committedThroughLine: 10, updatedAt: at },
      $inc: { created: 3, updated: 2, unchanged: 4, rejected: 1 },
    });
  });
});

describe('MongoDB embeddings', () => {
  const record = {
    entity: 'item' as const,
    id: 'i1',
    modelId: 'Xenova/m@rev',
    dimension: 3,
    contentHash: 'a'.repeat(64),
    vectors: [Float32Array.from([0.25, -0.5, 1])],
    updatedAt: '2026-11-27T00:00:00.000Z',
  };

  it('maps a vector to bytes and back exactly, keyed by model and record', () => {
    const doc = embeddingMapper.toPersistence(record);
    expect(doc._id).toBe('Xenova/m@rev|item:i1');
    expect(doc.vector).toHaveLength(12);
    const back = embeddingMapper.toDomain(doc);
    expect(back.vectors.map((v) => Array.from(v))).toEqual([[0.25, -0.5, 1]]);
    expect(back).toMatchObject({ entity: 'item', id: 'i1', modelId: 'Xenova/m@rev', dimension: 3 });
  });

  it('validates documents', () => {
    const Embedding = store.model('Embedding', embeddingSchema);
    expect(new Embedding(embeddingMapper.toPersistence(record)).validateSync()).toBeUndefined();
    const bad = new Embedding({
      ...embeddingMapper.toPersistence(record),
      contentHash: 'nope',
      entity: 'economy',
    });
    expect(Object.keys(bad.validateSync()!.errors).sort()).toEqual(['contentHash', 'entity']);
  });

  it('pages one model by _id', () => {
    const repo = new MongoEmbeddingsRepository(store);
    expect(plain(repo.pageFilter('m@1', { entity: 'cluster', id: 'c9' }))).toEqual({
      modelId: 'm@1',
      _id: { $gt: 'm@1|cluster:c9' },
    });
    expect(repo.pageFilter('m@1', undefined)).toEqual({ modelId: 'm@1' });
  });
});

describe('MongoDB criteria, suggestions and feedback', () => {
  it('allows one active criteria version only (a unique index over active documents)', () => {
    const active = criteriaSchema.indexes().find(([fields]) => 'status' in fields);
    expect(active?.[1]).toMatchObject({
      unique: true,
      partialFilterExpression: { status: 'active' },
    });
  });

  it('validates feedback and suggestion documents', () => {
    const Feedback = store.model('Feedback', feedbackSchema);
    expect(
      Object.keys(
        new Feedback({
          _id: 'a|b',
          subjectKey: 'a',
          partnerKey: 'b',
          status: 'loved',
          actor: 'k',
          at: new Date(),
        }).validateSync()!.errors,
      ),
    ).toEqual(['status']);
    const Suggestion = store.model('Suggestion', suggestionSchema);
    expect(
      Object.keys(
        new Suggestion({ _id: 's', subjectKey: 'a', rank: 0 }).validateSync()!.errors,
      ).sort(),
    ).toEqual(
      [
        'computedAt',
        'criteriaVersion',
        'evidence',
        'parts',
        'partnerEconomy',
        'partnerKey',
        'rank',
        'reason',
        'score',
      ].sort(),
    );
  });

  it('pages a suggestion list by rank with the economy and area filters', () => {
    const repo = new MongoSuggestionsRepository(store);
    expect(plain(repo.listFilter('cluster:c1', { economy: 'JP', area: 'trade' }, 10))).toEqual({
      subjectKey: 'cluster:c1',
      rank: { $gt: 10 },
      partnerEconomy: 'JP',
      areas: 'trade',
    });
  });
});

describe('MongoDB digests', () => {
  it('leases a pending digest only when its lease is free or expired', () => {
    const repo = new MongoDigestsRepository(store);
    const until = '2026-11-30T08:05:00.000Z';
    const now = '2026-11-30T08:00:00.000Z';
    const query = repo.leaseQuery('cluster:c1', 'W2026-49', until, now);
    expect(query).toBeInstanceOf(mongoose.Query);
    expect(query.getFilter()).toEqual({
      _id: 'cluster:c1|W2026-49',
      status: 'pending',
      $or: [{ leaseUntil: null }, { leaseUntil: mongoose.trusted({ $lte: new Date(now) }) }],
    });
    expect(query.getUpdate()).toEqual({ $set: { leaseUntil: new Date(until) } });
    // The store sanitises filters (sanitizeFilter): an operator not marked trusted would be cast
    // as a value and fail before reaching the server.
    (query as unknown as { _castConditions(): void })._castConditions();
    expect(query.error()).toBeUndefined();
  });
});

describe('MongoDB introductions', () => {
  const repo = new MongoIntroductionsRepository(store);
  const Introduction = store.model('Introduction', introductionSchema);
  const at = '2026-12-04T15:30:00.000Z';
  const event = (type: IntroductionEvent['type'], actor = 'key-partner'): IntroductionEvent => ({
    introductionId: '019ac3b2-7f00-7000-8000-000000000001',
    type,
    actor,
    at,
    detail: null,
  });
  const anIntroduction = (overrides: Partial<Introduction> = {}): Introduction => ({
    id: '019ac3b2-7f00-7000-8000-000000000001',
    requesterKey: 'cluster:c1',
    targetKey: 'member:m1',
    requesterClusterId: 'c1',
    targetClusterId: 'c2',
    requesterEconomy: 'KR',
    targetEconomy: 'JP',
    suggestionId: 'cluster:c1|member:m1',
    message: 'We run a SiC pilot line and would like to discuss joint prototyping.',
    status: 'pending',
    requestedBy: 'key-requester',
    createdAt: '2026-11-27T10:00:00.000Z',
    expiresAt: '2026-12-11T10:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    response: null,
    requestNotifiedAt: null,
    decisionNotifiedAt: null,
    releaseNotifiedAt: null,
    ...overrides,
  });

  it('decides only a pending introduction, before its deadline unless it expires', () => {
    const id = '019ac3b2-7f00-7000-8000-000000000001';
    for (const status of ['accepted', 'declined', 'withdrawn'] as const) {
      const query = repo.decideQuery(id, status, event(status), 'Happy to talk.');
      expect(query).toBeInstanceOf(mongoose.Query);
      expect(query.getFilter()).toEqual({
        _id: id,
        status: 'pending',
        expiresAt: mongoose.trusted({ $gt: new Date(at) }),
      });
      expect(query.getUpdate()).toEqual({
        $set: {
          status,
          decidedAt: new Date(at),
          decidedBy: 'key-partner',
          response: 'Happy to talk.',
          ...(status === 'accepted' ? { releaseNotifiedAt: null } : {}),
        },
      });
      expect(query.getOptions()).toMatchObject({ new: true });
      expect(castError(query)).toBeUndefined();
    }

    const expiry = repo.decideQuery(id, 'expired', event('expired', 'system'), null);
    expect(expiry.getFilter()).toEqual({ _id: id, status: 'pending' });
    expect(expiry.getUpdate()).toEqual({
      $set: { status: 'expired', decidedAt: new Date(at), decidedBy: 'system', response: null },
    });
    expect(castError(expiry)).toBeUndefined();
  });

  it('builds list filters that keep their operators through casting', () => {
    const parties = { keys: ['cluster:c1', 'member:m1'], clusterIds: ['c1'] };
    const filter = repo.listFilter(
      { parties, direction: 'received', status: 'pending' },
      { limit: 10, after: '019ac3b2-7f00-7000-8000-000000000001' },
    );
    expect(plain(filter)).toEqual({
      $and: [
        {
          $or: [
            { targetKey: { $in: ['cluster:c1', 'member:m1'] } },
            { targetClusterId: { $in: ['c1'] } },
          ],
        },
        { status: 'pending' },
        { _id: { $gt: '019ac3b2-7f00-7000-8000-000000000001' } },
      ],
    });
    expect(castError(Introduction.find(filter))).toBeUndefined();
    // The same filter without the trusted markers fails: sanitizeFilter would neutralise it.
    expect(castError(Introduction.find(plain(filter) as Record<string, unknown>))).toBeDefined();

    const either = repo.listFilter({ parties }, { limit: 10 });
    expect(plain(either)).toEqual({
      $and: [
        {
          $or: [
            { requesterKey: { $in: ['cluster:c1', 'member:m1'] } },
            { requesterClusterId: { $in: ['c1'] } },
            { targetKey: { $in: ['cluster:c1', 'member:m1'] } },
            { targetClusterId: { $in: ['c1'] } },
          ],
        },
      ],
    });
    expect(castError(Introduction.find(either))).toBeUndefined();
    expect(
      plain(
        repo.listFilter(
          { parties: { keys: ['member:m1'], clusterIds: [] }, direction: 'sent' },
          { limit: 1 },
        ),
      ),
    ).toEqual({ $and: [{ $or: [{ requesterKey: { $in: ['member:m1'] } }] }] });

    // No party at all matches nothing, and still casts.
    const none = repo.listFilter({ parties: { keys: [], clusterIds: [] } }, { limit: 10 });
    expect(plain(none)).toEqual({ $and: [{ _id: { $in: [] } }] });
    expect(castError(Introduction.find(none))).toBeUndefined();
    expect(repo.listFilter({}, { limit: 10 })).toEqual({});
  });

  it('validates what the mapper produces and refuses an unknown status', () => {
    const pending = anIntroduction();
    const decided = anIntroduction({
      status: 'accepted',
      decidedAt: '2026-11-29T16:30:05.007Z',
      decidedBy: 'key-partner',
      response: 'Happy to talk next week.',
      requestNotifiedAt: '2026-11-27T10:01:00.000Z',
      decisionNotifiedAt: '2026-11-29T16:31:00.000Z',
    });
    for (const i of [pending, decided]) {
      const doc = introductionMapper.toDoc(i);
      expect(new Introduction(doc).validateSync()).toBeUndefined();
      expect(introductionMapper.fromDoc(doc)).toEqual(i);
    }
    const bad = new Introduction({ ...introductionMapper.toDoc(pending), status: 'approved' });
    expect(Object.keys(bad.validateSync()!.errors)).toEqual(['status']);
  });

  it('reads an introduction accepted before the contact-release email as already told', () => {
    const accepted = anIntroduction({
      status: 'accepted',
      decidedAt: '2026-11-29T16:30:05.007Z',
      decisionNotifiedAt: '2026-11-29T16:31:00.000Z',
    });
    const { releaseNotifiedAt, ...older } = introductionMapper.toDoc(accepted);
    expect(releaseNotifiedAt).toBeNull();
    expect(introductionMapper.fromDoc(older).releaseNotifiedAt).toBe('2026-11-29T16:30:05.007Z');
    const pending = introductionMapper.toDoc(anIntroduction());
    delete pending.releaseNotifiedAt;
    expect(introductionMapper.fromDoc(pending).releaseNotifiedAt).toBeNull();
  });

  it('builds the collaboration map aggregations over fields the schemas have', () => {
    const fields = (schema: mongoose.Schema) => new Set(Object.keys(schema.paths));
    const suggestionFields = fields(suggestionSchema);
    const introductionFields = fields(introductionSchema);

    expect(partnerEconomyPipeline()).toEqual([
      {
        $group: {
          _id: { subjectKey: '$subjectKey', partnerEconomy: '$partnerEconomy' },
          count: { $sum: 1 },
        },
      },
    ]);
    expect(partnerEconomyPipeline('trade')[0]).toEqual({ $match: { areas: 'trade' } });
    for (const f of ['subjectKey', 'partnerEconomy', 'areas'])
      expect(suggestionFields).toContain(f);

    const unfiltered = introductionCountsPipeline();
    expect(unfiltered.map((stage) => Object.keys(stage)[0])).toEqual(['$group', '$sort']);
    const [lookup, present, group] = introductionCountsPipeline('joint_rd') as [
      { $lookup: Record<string, unknown> },
      { $match: Record<string, unknown> },
      { $group: { _id: Record<string, string> } },
    ];
    expect(lookup.$lookup).toMatchObject({
      from: suggestionSchema.get('collection'),
      localField: 'suggestionId',
      foreignField: '_id',
      pipeline: [{ $match: { areas: 'joint_rd' } }, { $project: { _id: 1 } }],
    });
    expect(present.$match).toEqual({ [`${String(lookup.$lookup.as)}.0`]: { $exists: true } });
    for (const path of ['suggestionId', ...Object.values(group.$group._id).map((v) => v.slice(1))])
      expect(introductionFields).toContain(path);
  });
});

describe('MongoDB collaborations and the registry additions', () => {
  const Collaboration = store.model('Collaboration', collaborationSchema);
  const Item = store.model('Item', itemSchema);
  const repo = new MongoCollaborationsRepository(store);

  it('maps a collaboration both ways and refuses one with a single party', () => {
    const c = {
      id: 'c1',
      externalId: 'proj-1',
      title: 'Joint pilot line',
      area: 'joint_rd',
      startDate: '2024-01-01',
      source: 'import' as const,
      introductionId: null,
      parties: ['cluster:a', 'member:b'],
      createdAt: '2026-11-27T10:00:00.000Z',
      updatedAt: '2026-11-27T10:00:00.000Z',
    };
    const doc = collaborationMapper.toDoc(c);
    expect(new Collaboration(doc).validateSync()).toBeUndefined();
    expect(collaborationMapper.toDomain(doc)).toEqual(c);
    const lonely = new Collaboration({ ...doc, parties: ['cluster:a'], source: 'fax' });
    expect(Object.keys(lonely.validateSync()!.errors).sort()).toEqual(['parties', 'source']);
  });

  it('lists by party and pages by id with trusted operators only', () => {
    const filter = repo.listFilter({ party: 'cluster:a' }, { limit: 10, after: 'c1' });
    expect(plain(filter)).toEqual({ parties: 'cluster:a', _id: { $gt: 'c1' } });
    expect(castError(Collaboration.find(filter))).toBeUndefined();
  });

  it('keeps inferred sectors out of an update, and sets them alone', () => {
    const c = aCluster();
    const clusters = new MongoClustersRepository(store);
    const update = clusters.replaceUpdate(clusterMapper.toPersistence(c, 9)) as {
      $set: Record<string, unknown>;
    };
    expect(update.$set).not.toHaveProperty('inferredSectors');
    expect(plain(clusters.inferredSectorsUpdate([{ code: '7210', confidence: 0.8 }]))).toEqual({
      $set: { inferredSectors: [{ code: '7210', confidence: 0.8 }] },
    });
  });

  it('accepts an item without sectors and with a default validity', () => {
    const i = anItem({ clusterId: 'c', economy: 'KR' }, { sectors: [], validUntilDefault: true });
    expect(new Item(itemMapper.toPersistence(i, 3)).validateSync()).toBeUndefined();
    expect(itemMapper.toDomain({ ...itemMapper.toPersistence(i, 3), inferredSectors: [] })).toEqual(
      i,
    );
  });
});

describe('MongoDB sessions and sign-in links', () => {
  const principal = {
    role: 'member' as const,
    keyId: 'session:s1',
    clusterIds: [],
    memberId: 'm1',
  };
  const session: Session = {
    id: 's1',
    kind: 'email',
    principal,
    email: 'shared@x.example',
    choices: [{ partyKey: 'member:m1', role: 'member', name: 'M1' }],
    csrfToken: 'csrf-0123456789',
    createdAt: '2026-12-03T10:00:00.000Z',
    expiresAt: '2026-12-03T22:00:00.000Z',
    revokedAt: null,
  };
  const SessionModel = store.model('Session', sessionSchema);
  const LinkModel = store.model('SignInLink', signInLinkSchema);

  it('maps a session to its document and back, and validates both documents', () => {
    const doc = sessionMapper.toPersistence(session, 'a'.repeat(64));
    expect(sessionMapper.toDomain(doc)).toEqual(session);
    expect(new SessionModel(doc).validateSync()).toBeUndefined();
    const bad = new SessionModel({
      ...doc,
      tokenHash: 'token-in-clear',
      kind: 'cookie',
    }).validateSync();
    expect(Object.keys(bad!.errors).sort()).toEqual(['kind', 'tokenHash']);
    const link = new LinkModel({
      _id: 'b'.repeat(64),
      email: 'x@y.example',
      createdAt: new Date(),
      expiresAt: new Date(),
    });
    expect(link.validateSync()).toBeUndefined();
    expect(Object.keys(new LinkModel({ _id: 'raw-token' }).validateSync()!.errors).sort()).toEqual([
      '_id',
      'createdAt',
      'email',
      'expiresAt',
    ]);
  });

  it('builds the single-use, unexpired link filter and the once-only party choice', () => {
    const consume = sessionQueries.consumeLink('c'.repeat(64), '2026-12-03T10:05:00.000Z');
    const query = LinkModel.findOneAndUpdate(consume.filter, consume.update);
    expect(plain(query.getFilter())).toEqual({
      _id: 'c'.repeat(64),
      usedAt: null,
      expiresAt: { $gt: '2026-12-03T10:05:00.000Z' },
    });
    expect(plain(query.getUpdate())).toEqual({
      $set: { usedAt: '2026-12-03T10:05:00.000Z' },
    });
    const choose = sessionQueries.choose('s1', principal);
    expect(plain(SessionModel.updateOne(choose.filter, choose.update).getFilter())).toEqual({
      _id: 's1',
      principal: null,
      revokedAt: null,
    });
    const revoke = sessionQueries.revokeForKey('k1', '2026-12-03T11:00:00.000Z');
    expect(revoke.filter).toEqual({ 'principal.keyId': 'k1', kind: 'key', revokedAt: null });
  });

  it('looks contacts up by address ignoring case, with the address escaped', () => {
    const clusters = new MongoClustersRepository(store);
    expect(plain(clusters.contactEmailFilter(' Office+1@A.example '))).toEqual({
      contactEmail: { $regex: '^Office\\+1@A\\.example$', $options: 'i' },
    });
  });
});
