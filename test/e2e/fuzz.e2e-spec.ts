import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { UnsubscribeLinks } from '../../src/digests/unsubscribe-links';
import { MembersRepository } from '../../src/members/members.repository';
import { dataset } from '../support/dataset';
import { TestApp, admin, bearer, clusterBody, startTestApp, importNdjson } from '../support/http';
import { settle } from '../support/settle';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted field by field
type Json = any;
type Headers = Record<string, string>;

/**
 * Property-based fuzzing of every write endpoint and the bulk import: wrong types, huge and empty
 * strings, mixed scripts and emoji, MongoDB operators, prototype keys, malformed JSON and NDJSON.
 * Whatever arrives, the service answers: never a 5xx, a 4xx names what was wrong, and a refused
 * request leaves the store exactly as it was (a fingerprint of every SQLite table).
 *
 * FUZZ_RUNS sets the cases per property (default 100); FUZZ_SEED replays a failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** An own, enumerable `__proto__` key (what JSON.parse makes of `{"__proto__": …}`). */
const protoKey = (value: unknown) =>
  JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as object;

const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    'x'.repeat(5000),
    'x'.repeat(200_000),
    '🚀🇰🇷👩‍🔬'.repeat(300),
    'Ñandú 日本語 العربية עברית ไทย Tiếng Việt 🇰🇷',
    '\u0000\u0001',
    '\ud800',
    'a\udc00b',
    'bell\u0007',
    '\u001b[31mred',
    'Cafe\u0301',
    '\u202eevil',
    '<script>alert(1)</script>',
    "'; DROP TABLE clusters; --",
    '../../etc/passwd',
    '{"$gt":""}',
    'null',
    '__proto__',
    '1e309',
    '2030-02-30',
    'KR',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom<unknown>(
    { $gt: '' },
    { $ne: null },
    { $where: 'sleep(1000)' },
    protoKey({ admin: true }),
    { constructor: { prototype: { polluted: true } } },
    [],
    {},
    null,
    true,
    0,
    -1,
    2 ** 53 + 1,
    1e308,
    ['26', { $gt: '' }],
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(nastyString, { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const extraKeys = ['__proto__', 'constructor', 'prototype', '$where', '$set', 'id', 'unknownField'];

/** A path segment, percent-encoded (a lone surrogate has no encoding: sent as its UTF-8 bytes). */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** JSON text: a valid body with fields replaced or added, anything at all, or broken JSON. */
function bodyText(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const mutated = fc
    .record({
      keys: fc.subarray([...Object.keys(valid), ...extraKeys], { minLength: 1, maxLength: 4 }),
      values: fc.array(nastyValue, { minLength: 4, maxLength: 4 }),
    })
    .map(({ keys, values }) => {
      const body: Record<string, unknown> = { ...valid };
      keys.forEach((key, i) =>
        Object.defineProperty(body, key, {
          value: values[i],
          enumerable: true,
          writable: true,
          configurable: true,
        }),
      );
      return JSON.stringify(body);
    });
  const broken = fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '{"name": "unterminated',
      '[]',
      '"a string"',
      '42',
      'null',
      '{"a":1,}',
      "{'single': 'quotes'}",
      '\ufeff{}',
      JSON.stringify(valid).slice(0, -1),
      // Deep nesting (the validator once overflowed its stack), at the top and inside a field.
      `${'['.repeat(10000)}${']'.repeat(10000)}`,
      `{"name":${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}}`,
      `{"x":${'['.repeat(40)}1${']'.repeat(40)}}`,
      // Prototype keys below the top.
      '{"sectors":{"__proto__":{"polluted":true}}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
    fc.string({ maxLength: 60 }),
  );
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: broken },
  );
}

/** Every table's rows, hashed: what "the store did not change" means. */
function fingerprint(db: Database.Database, skipTables: string[] = []): Record<string, string> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const out: Record<string, string> = {};
  for (const table of tables) {
    if (skipTables.includes(table)) continue;
    const hash = createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
      // Reading with a key stamps it as used: not a change of data.
      if (table === 'api_keys') delete row.last_used_at;
      for (const [column, value] of Object.entries(row)) {
        hash.update(column);
        hash.update(Buffer.isBuffer(value) ? value : JSON.stringify(value));
      }
    }
    out[table] = hash.digest('hex');
  }
  return out;
}

describe('fuzzing the write endpoints and the import', () => {
  let t: TestApp;
  let db: Database.Database;
  let managerA: Headers;
  let clusterA: Json;
  let memberA: Json;
  let itemA: Json;
  let suggestionA: Json;
  let introToA: Json;
  let cases = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    t = await startTestApp({ INTRO_DAILY_LIMIT: '1000' });
    await importNdjson(t, dataset(2, 1));
    clusterA = (await t.app.get(ClustersRepository).findByExternalId('ds-KR-0'))!;
    memberA = (await t.app.get(MembersRepository).findByExternalId('ds-KR-0-m0'))!;
    const key = async (body: object) =>
      bearer((await t.http.post('/v1/api-keys').set(admin).send(body)).body.token as string);
    managerA = await key({ role: 'cluster_manager', label: 'A', clusterIds: [clusterA.id] });
    itemA = (
      await t.http
        .post('/v1/items')
        .set(admin)
        .send({
          ownerType: 'member',
          ownerId: memberA.id,
          kind: 'offer',
          area: 'trade',
          title: 'SiC wafers',
          description: 'Six-inch SiC wafers',
          sectors: ['26'],
          validUntil: '2030-01-01',
        })
    ).body;
    await settle(t.app);
    // Every list computed now, so that no request below computes one as a side effect.
    const clusters = (await t.http.get('/v1/clusters').query({ limit: '200' }).set(admin)).body
      .items as Json[];
    const lists = new Map<string, Json[]>();
    for (const c of clusters)
      lists.set(c.id, (await t.http.get(`/v1/clusters/${c.id}/suggestions`).set(admin)).body.items);
    suggestionA = lists.get(clusterA.id)![0];
    const requester = clusters.find(
      (c) =>
        c.economy !== clusterA.economy &&
        (lists.get(c.id) ?? []).some((s: Json) => s.partner.id === clusterA.id),
    );
    const requesterKey = await key({
      role: 'cluster_manager',
      label: 'R',
      clusterIds: [requester.id],
    });
    const s = lists.get(requester.id)!.find((x: Json) => x.partner.id === clusterA.id);
    introToA = (
      await t.http
        .post('/v1/introductions')
        .set(requesterKey)
        .send({ suggestionId: s.id, message: 'Hello' })
    ).body;
    db = new Database(join(t.dataDir, 'pec.sqlite'), { readonly: true, fileMustExist: true });
  }, 120000);
  afterAll(async () => {
    db.close();
    await t.close();
    // How many cases ran, by status: the figure the closing note reports.
    process.stdout.write(
      `fuzz: ${cases} requests; by status ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`,
    );
  });

  /**
   * Sends one fuzzed request and checks the answer and the store; says whether the store changed
   * (`skipTables` are left out of the comparison).
   */
  async function exchange(
    send: () => PromiseLike<Response>,
    skipTables: string[] = [],
  ): Promise<{ res: Response; changed: boolean }> {
    const before = fingerprint(db, skipTables);
    const res = await send();
    const after = fingerprint(db, skipTables);
    cases++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(after).toEqual(before);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(typeof res.body.code).toBe('string');
      expect(res.body.status).toBe(res.status);
      if (res.status === 400 && res.body.code === 'VALIDATION.FAILED') {
        expect(res.body.errors.length).toBeGreaterThan(0);
        for (const e of res.body.errors) expect(typeof e.field).toBe('string');
      }
    }
    return { res, changed: JSON.stringify(after) !== JSON.stringify(before) };
  }
  const json = (
    method: 'post' | 'patch' | 'put',
    path: string,
    text: string,
    headers: Headers = admin,
  ) =>
    exchange(() =>
      t.http[method](path).set(headers).set('Content-Type', 'application/json').send(text),
    );
  const property = <T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<unknown>) =>
    fc.assert(
      fc.asyncProperty(arb, async (value) => {
        await run(value);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

  const WRITES: {
    name: string;
    method: 'post' | 'patch' | 'put';
    path: () => string;
    valid: () => Record<string, unknown>;
    as?: () => Headers;
  }[] = [
    {
      name: 'POST /v1/clusters',
      method: 'post',
      path: () => '/v1/clusters',
      valid: () => clusterBody(),
    },
    {
      name: 'PATCH /v1/clusters/{id}',
      method: 'patch',
      path: () => `/v1/clusters/${clusterA.id}`,
      valid: () => ({ memberCount: 5, description: 'SiC', sectors: ['26'], languages: ['en'] }),
    },
    {
      name: 'POST /v1/members',
      method: 'post',
      path: () => '/v1/members',
      valid: () => ({
        clusterId: clusterA.id,
        name: 'Lab',
        kind: 'university',
        description: 'Power electronics',
        sectors: ['26'],
        contactEmail: 'lab@m.example',
      }),
    },
    {
      name: 'PATCH /v1/members/{id}',
      method: 'patch',
      path: () => `/v1/members/${memberA.id}`,
      valid: () => ({ website: 'https://m.example', description: 'SME', kind: 'sme' }),
    },
    {
      name: 'POST /v1/items',
      method: 'post',
      path: () => '/v1/items',
      valid: () => ({
        ownerType: 'cluster',
        ownerId: clusterA.id,
        kind: 'need',
        area: 'joint_rd',
        title: 'Gate drivers',
        description: 'Co-design of gate drivers',
        sectors: ['26'],
        targetEconomies: ['JP'],
        languages: ['en'],
        validUntil: '2030-01-01',
      }),
    },
    {
      name: 'PATCH /v1/items/{id}',
      method: 'patch',
      path: () => `/v1/items/${itemA.id}`,
      valid: () => ({ title: 'Wafers', area: 'trade', validUntil: '2031-01-01' }),
    },
    {
      name: 'PUT /v1/economies/{code}',
      method: 'put',
      path: () => '/v1/economies/DE',
      valid: () => ({ name: 'Germany', languages: ['de'], timezone: 'Europe/Berlin' }),
    },
    {
      name: 'POST /v1/api-keys',
      method: 'post',
      path: () => '/v1/api-keys',
      valid: () => ({ role: 'cluster_manager', label: 'office', clusterIds: [clusterA.id] }),
    },
    {
      name: 'POST /v1/match-criteria',
      method: 'post',
      path: () => '/v1/match-criteria',
      valid: () => ({ weights: { semanticFit: 2 }, rules: { listSize: 10 }, note: 'n' }),
    },
    {
      name: 'POST /v1/match-criteria/preview',
      method: 'post',
      path: () => '/v1/match-criteria/preview',
      valid: () => ({ version: 1, sampleSize: 2 }),
    },
    {
      name: 'POST /v1/suggestions/{id}/feedback',
      method: 'post',
      path: () => `/v1/suggestions/${suggestionA.id}/feedback`,
      valid: () => ({ status: 'useful', reason: 'good fit' }),
      as: () => managerA,
    },
    {
      name: 'PUT /v1/digest-settings/{recipient}',
      method: 'put',
      path: () => `/v1/digest-settings/${encodeURIComponent(`cluster:${clusterA.id}`)}`,
      valid: () => ({
        frequency: 'weekly',
        timezone: 'Asia/Seoul',
        language: 'en',
        email: 'd@x.example',
      }),
    },
    {
      name: 'POST /v1/introductions',
      method: 'post',
      path: () => '/v1/introductions',
      valid: () => ({ suggestionId: suggestionA.id, message: 'Shall we talk?' }),
      as: () => managerA,
    },
    {
      name: 'POST /v1/introductions/{id}/decline',
      method: 'post',
      path: () => `/v1/introductions/${introToA.id}/decline`,
      valid: () => ({ note: 'Not now' }),
      as: () => managerA,
    },
  ];

  it.each(WRITES.map((w) => [w.name, w] as const))(
    '%s: never a 5xx, named fields, nothing changed when refused',
    async (_name, w) => {
      await property(bodyText(w.valid()), async (text) => {
        const { res, changed } = await json(w.method, w.path(), text, w.as?.() ?? admin);
        // Something created is in the store (the fingerprint sees writes).
        if (res.status === 201) expect(changed).toBe(true);
      });
    },
    120000,
  );

  it('compressed bodies that do not decompress, on any write route, are a 400 and change nothing', async () => {
    await property(
      fc.tuple(
        fc.constantFrom(...WRITES),
        fc.constantFrom('gzip', 'br', 'deflate'),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
      ),
      async ([w, encoding, bytes]) => {
        const decompresses = (() => {
          try {
            const unzip = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync };
            unzip[encoding](Buffer.from(bytes));
            return true;
          } catch {
            return false;
          }
        })();
        const { res } = await exchange(() =>
          t.http[w.method](w.path())
            .set(w.as?.() ?? admin)
            .set('Content-Type', 'application/json')
            .set('Content-Encoding', encoding)
            .serialize((raw: Buffer) => raw as unknown as string)
            .send(Buffer.from(bytes)),
        );
        if (!decompresses) expect(res.status).toBe(400);
      },
    );
  }, 120000);

  it('path parameters: any id on any write route is a 4xx and changes nothing', async () => {
    const routes: ['post' | 'patch' | 'delete', (id: string) => string][] = [
      ['patch', (id) => `/v1/clusters/${id}`],
      ['delete', (id) => `/v1/clusters/${id}`],
      ['delete', (id) => `/v1/members/${id}`],
      ['delete', (id) => `/v1/items/${id}`],
      ['delete', (id) => `/v1/economies/${id}`],
      ['delete', (id) => `/v1/api-keys/${id}`],
      ['post', (id) => `/v1/api-keys/${id}/rotate`],
      ['post', (id) => `/v1/match-criteria/${id}/activate`],
      ['post', (id) => `/v1/introductions/${id}/accept`],
      ['post', (id) => `/v1/admin/jobs/${id}/retry`],
    ];
    await property(
      fc.tuple(
        fc.constantFrom(...routes),
        fc.oneof(
          nastyString.filter((s) => s.length < 3000).map(segment),
          // Escapes that do not decode: a lone surrogate in UTF-8, bytes that are not UTF-8.
          fc.constantFrom('%', '%zz', '%ED%A0%80', '%FF%FE', '%00', '..%2F..%2Fetc'),
          // Numbers that name no record: criteria versions and jobs are numbered from 1, so a
          // small number may well name a real one (activating version 2 is then a 200).
          fc.integer({ min: 1_000_000, max: 2 ** 31 }).map(String),
        ),
      ),
      async ([[method, path], id]) => {
        fc.pre(!/^\d{1,6}$/.test(id));
        const { res } = await exchange(() =>
          t.http[method](path(id)).set(admin).send({ memberCount: 1 }),
        );
        expect(res.status).toBeGreaterThanOrEqual(400);
      },
    );
  }, 120000);

  it('query strings: lists, search and one-click unsubscribe never fail, operators or not', async () => {
    const signed = new URL(t.app.get(UnsubscribeLinks).unsubscribeUrl(`cluster:${clusterA.id}`))
      .searchParams;
    const queries: ['get' | 'post', string, string[]][] = [
      ['get', '/v1/clusters', ['limit', 'cursor', 'economy', 'economy[$gt]', 'sector']],
      ['get', '/v1/clusters', ['__proto__', 'constructor', 'a[__proto__]', 'prototype']],
      ['get', '/v1/items', ['limit', 'clusterId', 'memberId', 'ownerType', 'kind', 'area']],
      ['get', '/v1/search', ['q', 'kinds', 'economy', 'limit']],
      ['get', '/v1/introductions', ['status', 'direction', 'party', 'limit']],
      ['post', '/v1/unsubscribe', ['recipient', 'signature']],
    ];
    await property(
      fc.tuple(
        fc.constantFrom(...queries),
        fc.array(
          nastyString.filter((s) => s.length < 3000),
          { minLength: 1, maxLength: 4 },
        ),
        fc.boolean(),
      ),
      async ([[method, path, names], values, keepSignature]) => {
        const query: Record<string, string> = {};
        names.forEach((name, i) => {
          if (values[i] !== undefined) query[name] = values[i];
        });
        if (path === '/v1/unsubscribe' && keepSignature)
          query.recipient = signed.get('recipient')!.concat(values[0] ?? '');
        await exchange(() => t.http[method](path).query(query).set(managerA));
      },
    );
  }, 120000);

  it('import: every line is created, updated, unchanged or rejected with a reason; never a 5xx', async () => {
    const validLine = (i: number) =>
      JSON.stringify({
        type: 'cluster',
        externalId: `fz-${i}`,
        name: `Fuzz cluster ${i}`,
        economy: 'CL',
        description: 'Salmon',
        sectors: ['11'],
      });
    const line = fc.oneof(
      { weight: 2, arbitrary: fc.nat(20).map(validLine) },
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            fc.nat(20),
            bodyText({
              type: 'cluster',
              externalId: 'fz-x',
              name: 'N',
              economy: 'PE',
              description: 'd',
              sectors: ['11'],
            }),
          )
          .map(([, text]) => text),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '\ufeff{"type":"cluster"}',
          '{"type":"member","clusterExternalId":"ds-KR-0","externalId":"fz-m","name":"m","kind":"sme","description":"d","sectors":["26"]}',
          '{"type":"item","ownerExternalId":"nope","externalId":"fz-i","kind":"need","area":"trade","title":"t","description":"d","sectors":["26"]}',
          `{"type":"cluster","description":"${'x'.repeat(80 * 1024)}"}`,
          '{"type":"spaceship"}',
        ),
      },
    );
    const nonBlank = line.map((l) => l.replace(/[\r\n]/g, ' ')).filter((l) => l.trim().length > 0);
    await property(
      fc.tuple(fc.array(nonBlank, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n')),
      async ([lines, eol]) => {
        const importTables = ['imports', 'import_rejections'];
        const { res, changed } = await exchange(
          () =>
            t.http
              .post('/v1/import')
              .set(admin)
              .set('Content-Type', 'application/x-ndjson')
              .send(lines.join(eol) + eol),
          importTables,
        );
        expect(res.status).toBe(200);
        const { created, updated, unchanged, rejected } = res.body;
        expect(created + updated + unchanged + rejected).toBe(lines.length);
        if (created + updated === 0) expect(changed).toBe(false);
        const reported = await t.http
          .get(`/v1/imports/${res.body.id}/rejections`)
          .query({ limit: '200' })
          .set(admin);
        expect(reported.body.items).toHaveLength(rejected);
        for (const r of reported.body.items) expect(r.problems.length).toBeGreaterThan(0);
      },
    );
  }, 300000);
});
