import { gzipSync } from 'node:zlib';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { TestApp, admin, clusterBody, startTestApp } from '../support/http';

/** What validation could not check safely is refused with 400, never a 500, and nothing changes. */
describe('request hardening', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp();
    id = (await t.http.post('/v1/clusters').set(admin).send(clusterBody()).expect(201)).body
      .id as string;
  });
  afterAll(() => t.close());

  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const region = async () => (await t.app.get(ClustersRepository).findById(id))!.region;

  it('refuses a body nested 10,000 levels deep by name, and changes nothing', async () => {
    const res = await t.http
      .patch(`/v1/clusters/${id}`)
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(`{"region":"deep",${nested(10000).slice(1)}`)
      .expect(400);
    expect(res.body.errors[0].reason).toMatch(/deeper than 32 levels/);
    expect(await region()).toBe('Gyeonggi');
  });

  it('refuses prototype keys in bodies and in query strings', async () => {
    const body = await t.http
      .patch(`/v1/clusters/${id}`)
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{"__proto__":{"isAdmin":true},"region":"x"}')
      .expect(400);
    expect(body.body.errors).toEqual([
      { field: '__proto__', reason: 'is not an allowed field name' },
    ]);
    for (const query of ['__proto__=1', 'constructor=1', 'a[__proto__]=1', 'prototype=x']) {
      const res = await t.http.get(`/v1/clusters?${query}`).set(admin).expect(400);
      expect(res.body.errors[0].field).toBe(`query.${query.split('=')[0]}`);
    }
    expect(await region()).toBe('Gyeonggi');
  });

  it('answers 400 to a compressed body that does not decompress (gzip, br)', async () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const res = await t.http
        .patch(`/v1/clusters/${id}`)
        .set(admin)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .serialize((raw: Buffer) => raw as unknown as string)
        .send(Buffer.from('this is not compressed at all, not even a little'));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BODY.BAD_COMPRESSION');
    }
    // A good gzip body still works.
    const good = await t.http
      .patch(`/v1/clusters/${id}`)
      .set(admin)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((raw: Buffer) => raw as unknown as string)
      .send(gzipSync(JSON.stringify({ region: 'Suwon' })));
    expect(good.status).toBe(200);
    expect(await region()).toBe('Suwon');
  });

  it('refuses control characters, unpaired surrogates and URLs that are markup, by field; stores text as NFC', async () => {
    const patch = (body: string) =>
      t.http
        .patch(`/v1/clusters/${id}`)
        .set(admin)
        .set('Content-Type', 'application/json')
        .send(body);
    for (const [body, field] of [
      ['{"name":"Bad\\u0000name"}', 'name'],
      ['{"region":"bell\\u0007"}', 'region'],
      ['{"region":"half \\ud800 pair"}', 'region'],
      ['{"technologies":["ok","esc\\u001b[31m"]}', 'technologies'],
      ['{"website":"https://x.example/\\"><script>alert(1)</script>"}', 'website'],
      ['{"website":"javascript:alert(1)"}', 'website'],
    ] as const) {
      const res = await patch(body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
    expect(await region()).toBe('Suwon');
    const ok = await patch('{"region":"Cafe\\u0301\\r\\nsecond line\\tand a tab"}').expect(200);
    expect(ok.body.region).toBe('Caf\u00e9\nsecond line\tand a tab');
    const imported = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(
        JSON.stringify({
          type: 'cluster',
          externalId: 'ctl-1',
          name: 'Null\u0000Org',
          economy: 'JP',
          description: 'x',
        }),
      )
      .expect(200);
    expect(imported.body.rejections[0].problems[0].field).toBe('name');
  });

  it('rejects one deeply nested import line by its number and imports the others', async () => {
    const line = (externalId: string) =>
      JSON.stringify({
        type: 'cluster',
        externalId,
        name: externalId,
        economy: 'JP',
        description: 'x',
      });
    const body = [
      line('deep-ok-1'),
      `{"type":"cluster","externalId":"deep","x":${nested(12000)}}`,
      line('deep-ok-2'),
    ].join('\n');
    const res = await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(body)
      .expect(200);
    expect(res.body).toMatchObject({ created: 2, rejected: 1 });
    expect(res.body.rejections[0]).toMatchObject({ line: 2 });
  });
});
