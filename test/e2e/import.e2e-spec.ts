import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { TestApp, admin, startTestApp } from '../support/http';

const lines = (...records: (object | string)[]) =>
  records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

const cluster = (externalId: string, overrides: object = {}) => ({
  type: 'cluster',
  externalId,
  name: `Cluster ${externalId}`,
  economy: 'KR',
  region: 'Gyeonggi',
  description: 'Power semiconductors',
  sectors: ['26'],
  technologies: ['power semiconductors'],
  languages: ['ko', 'en'],
  website: 'https://c.example',
  contactEmail: 'c@c.example',
  memberCount: 120,
  ...overrides,
});
const member = (externalId: string, clusterExternalId: string, overrides: object = {}) => ({
  type: 'member',
  externalId,
  clusterExternalId,
  name: `Member ${externalId}`,
  kind: 'sme',
  description: 'SiC wafers',
  sectors: ['2610'],
  contactEmail: 'm@m.example',
  ...overrides,
});
const item = (externalId: string, ownerExternalId: string, overrides: object = {}) => ({
  type: 'item',
  externalId,
  ownerExternalId,
  kind: 'need',
  area: 'joint_rd',
  title: 'Pilot line for SiC power modules',
  description: 'Partner with a SiC pilot line',
  sectors: ['26'],
  targetEconomies: ['JP', 'US'],
  languages: ['en'],
  validUntil: '2027-06-30',
  ...overrides,
});

const FILE = lines(
  { type: 'economy', code: 'DE', name: 'Germany', languages: ['de'], timezone: 'Europe/Berlin' }, // 1
  cluster('c-1'), // 2
  cluster('c-2', {
    economy: 'DE',
    name: '바이오 클러스터',
    description: '오송 바이오 의약품 클러스터',
  }), // 3
  member('m-1', 'c-1'), // 4
  member('m-2', 'c-404'), // 5 rejected: unknown cluster
  item('n-1', 'c-1'), // 6
  item('n-2', 'c-1', { area: 'fishing' }), // 7 rejected: area
  '{"type":"cluster", "externalId": ', // 8 rejected: JSON
  '', // 9 blank
  { type: 'spaceship', externalId: 'x' }, // 10 rejected: type
  cluster('c-3', { sectors: ['04'] }), // 11 rejected: sector
  cluster('', {}), // 12 rejected: externalId
  item('o-1', 'm-1', { kind: 'offer', targetEconomies: ['ZZ'] }), // 13 rejected: target economy
  item('o-2', 'm-1', { kind: 'offer', area: 'training' }), // 14
  cluster('c-4', { economy: 'FR' }), // 15 rejected: economy
  JSON.stringify(cluster('c-5')).replace(/}$/, ',"__proto__":{"admin":true}}'), // 16 rejected: __proto__ key
);

describe('bulk import (NDJSON)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const post = (body: string) =>
    t.http.post('/v1/import').set(admin).set('Content-Type', 'application/x-ndjson').send(body);

  const rejectedFields = (body: {
    rejections: { line: number; problems: { field: string }[] }[];
  }) => Object.fromEntries(body.rejections.map((r) => [r.line, r.problems.map((p) => p.field)]));

  it('imports the good lines and reports each bad one by line number and field', async () => {
    const res = await post(FILE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      lines: 16,
      committedThroughLine: 16,
      created: 6,
      updated: 0,
      unchanged: 0,
      rejected: 9,
    });
    expect(rejectedFields(res.body)).toEqual({
      5: ['clusterExternalId'],
      7: ['area'],
      8: ['(line)'],
      10: ['type'],
      11: ['sectors[0]'],
      12: ['externalId'],
      13: ['targetEconomies[0]'],
      15: ['economy'],
      16: ['__proto__'],
    });
    const clusters = (await t.http.get('/v1/clusters').query({ text: '오송' }).set(admin)).body
      .items;
    expect(clusters).toEqual([
      expect.objectContaining({ externalId: 'c-2', economy: 'DE', name: '바이오 클러스터' }),
    ]);
    const items = (
      await t.http
        .get('/v1/items')
        .query({
          memberId: (await t.http.get('/v1/members').query({ text: 'member m-1' }).set(admin)).body
            .items[0].id,
        })
        .set(admin)
    ).body.items;
    expect(items.map((i: { externalId: string }) => i.externalId)).toEqual(['o-2']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const res = await post(FILE);
    expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 6, rejected: 9 });
  });

  it('updates only the records whose content changed, and accepts CRLF line endings', async () => {
    const changed = FILE.replace('"name":"Cluster c-1"', '"name":"Cluster c-1 (renamed)"').replace(
      /\n/g,
      '\r\n',
    );
    const res = await post(changed);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 5, rejected: 9 });
  });

  it('reports a line a later line of the same file overwrote (same type and externalId), never silently', async () => {
    const line = (name: string) =>
      JSON.stringify({
        type: 'cluster',
        externalId: 'dup-1',
        name,
        economy: 'JP',
        description: 'x',
      });
    const res = await post([line('First'), line('Second'), line('Third')].join('\n'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rejected: 0, supersededCount: 2 });
    expect(res.body.superseded).toEqual([
      { line: 1, supersededBy: 2, record: 'cluster:dup-1' },
      { line: 2, supersededBy: 3, record: 'cluster:dup-1' },
    ]);
    const first = await post(line('Other'));
    expect(first.body).toMatchObject({ supersededCount: 0, superseded: [] });
  });

  it('keeps the run and all its rejections for later reading', async () => {
    const res = await post(FILE);
    const run = await t.http.get(`/v1/imports/${res.body.id}`).set(admin);
    expect(run.body).toMatchObject({ status: 'completed', rejected: 9, committedThroughLine: 16 });
    const page = await t.http
      .get(`/v1/imports/${res.body.id}/rejections`)
      .query({ afterLine: 10, limit: 2 })
      .set(admin);
    expect(page.body.items.map((r: { line: number }) => r.line)).toEqual([11, 12]);
  });

  it('resolves an item owner by externalId, refusing an ambiguous one unless ownerType says', async () => {
    const res = await post(
      lines(
        cluster('same-id'),
        member('same-id', 'c-1'),
        item('amb-1', 'same-id'),
        item('amb-2', 'same-id', { ownerType: 'member' }),
      ),
    );
    expect(rejectedFields(res.body)).toEqual({ 3: ['ownerExternalId'] });
    expect(res.body.created).toBe(3);
  });

  it('moves a member’s needs and offers with the member when the registry moves it to another cluster', async () => {
    await post(
      lines(
        cluster('from-kr'),
        cluster('to-jp', { economy: 'JP' }),
        member('mover', 'from-kr'),
        item('mover-need', 'mover', { targetEconomies: [] }),
      ),
    ).expect(200);
    const moved = await post(lines(member('mover', 'to-jp'))).expect(200);
    expect(moved.body.updated).toBe(1);
    const target = (await t.http.get('/v1/clusters').query({ text: 'cluster to-jp' }).set(admin))
      .body.items[0];
    const items = (await t.http.get('/v1/items').query({ text: 'pilot line' }).set(admin)).body
      .items as { externalId: string; clusterId: string; economy: string }[];
    expect(items.find((i) => i.externalId === 'mover-need')).toMatchObject({
      clusterId: target.id,
      economy: 'JP',
    });
  });

  it('refuses a body that is not NDJSON (415) and is closed to non-operators', async () => {
    const res = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('IMPORT.CONTENT_TYPE');
  });

  it('reads gzip, deflate and br bodies as they stream; refuses a body that does not decompress (400) or an unknown encoding (415)', async () => {
    const ndjson = (tag: string) => lines(cluster(`${tag}-1`), cluster(`${tag}-2`));
    for (const [encoding, encode] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const) {
      const res = await t.http
        .post('/v1/import')
        .set(admin)
        .set('Content-Type', 'application/x-ndjson')
        .set('Content-Encoding', encoding)
        .send(encode(ndjson(`enc-${encoding}`)));
      expect({ encoding, status: res.status, created: res.body.created }).toEqual({
        encoding,
        status: 200,
        created: 2,
      });
    }
    const gz = gzipSync(ndjson('enc-corrupt'));
    const corrupt = Buffer.concat([
      gz.subarray(0, 20),
      Buffer.from('not gzip at all'),
      gz.subarray(20),
    ]);
    const bad = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .set('Content-Encoding', 'gzip')
      .send(corrupt);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BODY.BAD_COMPRESSION');
    const unknown = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .set('Content-Encoding', 'compress')
      .send(ndjson('enc-compress'));
    expect(unknown.status).toBe(415);
    expect(unknown.body.code).toBe('IMPORT.CONTENT_ENCODING');
    expect(unknown.body.detail).toMatch(/gzip/);
  });

  it('reports an over-long line and a line that is not UTF-8, and imports the rest', async () => {
    const longLine = JSON.stringify(cluster('long', { description: 'x'.repeat(140 * 1024) }));
    const body = Buffer.concat([
      Buffer.from(lines(longLine)),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from(lines(cluster('after-long'))),
    ]);
    const res = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(body);
    expect(res.body).toMatchObject({ created: 1, rejected: 2 });
    expect(
      res.body.rejections.map((r: { line: number; problems: { reason: string }[] }) => [
        r.line,
        r.problems[0].reason,
      ]),
    ).toEqual([
      [1, expect.stringContaining('longer than')],
      [2, 'the line is not valid UTF-8'],
    ]);
  });
});

describe('bulk import limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ IMPORT_MAX_BYTES: '4kb', IMPORT_BATCH_SIZE: '2' });
  });
  afterAll(() => t.close());

  const body = Array.from({ length: 40 }, (_, i) => JSON.stringify(cluster(`big-${i}`))).join('\n');

  it('refuses a declared Content-Length over IMPORT_MAX_BYTES before reading anything', async () => {
    const res = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(body);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('IMPORT.TOO_LARGE');
    expect((await t.http.get('/v1/clusters').set(admin)).body.items).toHaveLength(0);
  });

  it('applies IMPORT_MAX_BYTES to the decompressed bytes: a small gzip of a large body gets 413', async () => {
    const res = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync(body));
    expect(gzipSync(body).length).toBeLessThan(4096);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('IMPORT.TOO_LARGE');
  });

  it('stops a streamed body at IMPORT_MAX_BYTES with 413, keeping the batches committed before the limit', async () => {
    const res = await postChunked(t, '/v1/import', body);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe('IMPORT.TOO_LARGE');
    const stored = (await t.http.get('/v1/clusters').set(admin)).body.items.length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(40);
  });
});

/** A chunked request (no Content-Length), as a client streaming a large file sends it. */
async function postChunked(
  t: TestApp,
  path: string,
  body: string,
): Promise<{ status: number; body: string }> {
  const server = t.app.getHttpServer() as Server;
  if (!server.listening)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'application/x-ndjson' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 512) req.write(body.slice(i, i + 512));
    req.end();
  });
}
