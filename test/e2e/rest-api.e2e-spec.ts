import { TestApp, admin, clusterBody, startTestApp } from '../support/http';

describe('REST API (embedded store)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const createCluster = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/clusters').set(admin).send(clusterBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; [k: string]: unknown };
  };

  describe('economies', () => {
    it('lists the 21 APEC economies with languages and time zone', async () => {
      const res = await t.http.get('/v1/economies').set(admin);
      expect(res.status).toBe(200);
      const apec = res.body.items.filter((e: { apec: boolean }) => e.apec);
      expect(apec).toHaveLength(21);
      expect(res.body.items.map((e: { code: string }) => e.code)).toEqual(
        expect.arrayContaining(['TW', 'HK', 'PG', 'VN', 'RU']),
      );
      expect(res.body.items.find((e: { code: string }) => e.code === 'TW')).toMatchObject({
        name: 'Chinese Taipei',
        localName: 'Chinese Taipei',
        timezone: 'Asia/Taipei',
        languages: ['zh'],
      });
    });

    it('names economies by APEC convention in the reader’s language', async () => {
      const zh = await t.http.get('/v1/economies').query({ lang: 'zh-TW' }).set(admin);
      const byCode = (items: { code: string; localName: string }[], code: string) =>
        items.find((e) => e.code === code)!.localName;
      expect(byCode(zh.body.items, 'TW')).toBe('中華台北');
      expect(byCode(zh.body.items, 'HK')).toBe('中國香港');
      const ru = await t.http.get('/v1/economies/KR').set(admin).set('Accept-Language', 'ru-RU');
      expect(ru.body).toMatchObject({ name: 'Republic of Korea', localName: 'Республика Корея' });
      const bad = await t.http.get('/v1/economies').query({ lang: 'xx' }).set(admin);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'lang' })]);
    });

    it('lets operators add and remove a guest economy (named as given in every language), but never an APEC one', async () => {
      const body = { name: 'Germany', languages: ['de', 'en'], timezone: 'Europe/Berlin' };
      expect((await t.http.put('/v1/economies/DE').set(admin).send(body)).status).toBe(201);
      expect((await t.http.put('/v1/economies/DE').set(admin).send(body)).status).toBe(200);
      expect(
        (await t.http.get('/v1/economies/DE').query({ lang: 'ja' }).set(admin)).body,
      ).toMatchObject({ code: 'DE', apec: false, localName: body.name });
      const bad = await t.http
        .put('/v1/economies/FR')
        .set(admin)
        .send({ ...body, timezone: 'Europe/Atlantis' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([
        { field: 'timezone', reason: expect.stringContaining('IANA') },
      ]);
      expect((await t.http.delete('/v1/economies/KR').set(admin)).body.code).toBe(
        'ECONOMY.APEC_PROTECTED',
      );
      expect((await t.http.delete('/v1/economies/DE').set(admin)).status).toBe(204);
      expect((await t.http.get('/v1/economies/DE').set(admin)).status).toBe(404);
    });
  });

  describe('clusters: create, read, update, list, delete', () => {
    it('runs the whole life of a cluster over the API', async () => {
      const created = await createCluster({ externalId: 'kr-gpsc' });
      expect(created).toMatchObject({
        name: 'Gyeonggi Power Semiconductor Cluster',
        economy: 'KR',
        sectors: ['26'],
        contactEmail: 'office@gpsc.example',
      });

      const read = await t.http.get(`/v1/clusters/${created.id}`).set(admin);
      expect(read.body).toEqual(created);

      const patched = await t.http
        .patch(`/v1/clusters/${created.id}`)
        .set(admin)
        .send({ memberCount: 140, region: null });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ memberCount: 140, region: null, name: created.name });

      const listed = await t.http
        .get('/v1/clusters')
        .query({ economy: 'KR', sector: 'C', text: 'PYEONGTAEK' })
        .set(admin);
      expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(created.id);
      const otherSector = await t.http
        .get('/v1/clusters')
        .query({ economy: 'KR', sector: '27' })
        .set(admin);
      expect(otherSector.body.items.map((c: { id: string }) => c.id)).not.toContain(created.id);

      expect((await t.http.delete(`/v1/clusters/${created.id}`).set(admin)).status).toBe(204);
      const gone = await t.http.get(`/v1/clusters/${created.id}`).set(admin);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ code: 'CLUSTER.NOT_FOUND', status: 404 });
    });

    it('pages with an opaque cursor until nextCursor is null', async () => {
      const ids = [];
      for (let i = 0; i < 5; i++)
        ids.push((await createCluster({ economy: 'PE', name: `Peru cluster ${i}` })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await t.http
          .get('/v1/clusters')
          .query({ economy: 'PE', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(admin);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(ids);
    });

    it('moves members and items with a cluster that changes economy', async () => {
      const c = await createCluster({ economy: 'CL' });
      const m = await t.http
        .post('/v1/members')
        .set(admin)
        .send({
          clusterId: c.id,
          name: 'Antofagasta Lithium SME',
          kind: 'sme',
          description: 'Lithium hydroxide refining',
          sectors: ['2011'],
        });
      const i = await t.http
        .post('/v1/items')
        .set(admin)
        .send({
          ownerType: 'member',
          ownerId: m.body.id,
          kind: 'offer',
          area: 'trade',
          title: 'Battery-grade lithium hydroxide',
          description: 'Supply contracts',
          sectors: ['20'],
          validUntil: '2030-01-31',
        });
      expect(i.status).toBe(201);
      await t.http.patch(`/v1/clusters/${c.id}`).set(admin).send({ economy: 'PE' }).expect(200);
      expect((await t.http.get(`/v1/members/${m.body.id}`).set(admin)).body.economy).toBe('PE');
      expect((await t.http.get(`/v1/items/${i.body.id}`).set(admin)).body.economy).toBe('PE');
    });
  });

  describe('bad input gets a problem document naming the field, never a 500', () => {
    const problemOf = (res: { status: number; headers: Record<string, string>; body: unknown }) => {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      return res.body as {
        status: number;
        code: string;
        errors?: { field: string; reason: string }[];
      };
    };

    it.each([
      ['a missing name', 'name', { name: undefined }],
      ['a name of the wrong type', 'name', { name: 42 }],
      ['an unknown field', 'colour', { colour: 'blue' }],
      ['an unknown economy', 'economy', { economy: 'ZZ' }],
      ['a malformed economy code', 'economy', { economy: 'korea' }],
      ['a code that is not ISIC', 'sectors[1]', { sectors: ['26', '04'] }],
      [
        'too many sectors',
        'sectors',
        { sectors: Array.from({ length: 21 }, (_, i) => String(10 + i)) },
      ],
      ['a bad email', 'contactEmail', { contactEmail: 'not-an-email' }],
      ['a website that is not http(s)', 'website', { website: 'javascript:alert(1)' }],
      ['a negative member count', 'memberCount', { memberCount: -1 }],
      ['an over-long description', 'description', { description: 'x'.repeat(20001) }],
      ['an operator as economy', 'economy', { economy: { $gt: '' } }],
      ['an email that is a list', 'contactEmail', { contactEmail: ['a@b.example'] }],
    ])('%s → 400 naming %s', async (_case, field, overrides) => {
      const res = await t.http.post('/v1/clusters').set(admin).send(clusterBody(overrides));
      expect(res.status).toBe(400);
      expect(problemOf(res).errors?.map((e) => e.field)).toContain(field);
    });

    it('refuses a date that is not a string (found by the fuzz suite: it was a 500)', async () => {
      const cluster = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
      for (const validUntil of [['2030-01-01'], { $gt: '' }, 20300101, '2030-02-30']) {
        const res = await t.http
          .post('/v1/items')
          .set(admin)
          .send({
            ownerType: 'cluster',
            ownerId: cluster.id,
            kind: 'need',
            area: 'trade',
            title: 'Wafers',
            description: 'SiC wafers',
            sectors: ['26'],
            validUntil,
          });
        expect({ validUntil, status: res.status }).toEqual({ validUntil, status: 400 });
        expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['validUntil']);
      }
    });

    it('refuses malformed JSON, a non-object body, and a body over the limit', async () => {
      const malformed = await t.http
        .post('/v1/clusters')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expect(malformed.status).toBe(400);
      expect(problemOf(malformed).code).toBe('BODY.MALFORMED_JSON');
      const array = await t.http.post('/v1/clusters').set(admin).send([clusterBody()]);
      expect(array.status).toBe(400);
      expect(problemOf(array).errors?.[0].field).toBe('(body)');
      const text = await t.http
        .post('/v1/clusters')
        .set(admin)
        .set('Content-Type', 'text/plain')
        .send('hello');
      expect(text.status).toBe(400);
      const huge = await t.http
        .post('/v1/clusters')
        .set(admin)
        .send(clusterBody({ description: 'x'.repeat(300 * 1024) }));
      expect(huge.status).toBe(413);
      expect(problemOf(huge).code).toBe('BODY.TOO_LARGE');
    });

    it('refuses bad list parameters by name', async () => {
      expect(problemOf(await t.http.get('/v1/clusters?limit=0').set(admin)).errors?.[0].field).toBe(
        'limit',
      );
      expect(
        problemOf(await t.http.get('/v1/clusters?cursor=nonsense').set(admin)).errors?.[0].field,
      ).toBe('cursor');
      expect(
        problemOf(await t.http.get('/v1/clusters?sector=2699').set(admin)).errors?.[0].field,
      ).toBe('sector');
      expect(
        problemOf(await t.http.get('/v1/items?area=fishing').set(admin)).errors?.[0].field,
      ).toBe('area');
      expect(problemOf(await t.http.get('/v1/clusters?economy[$ne]=KR').set(admin)).status).toBe(
        400,
      );
    });

    it('answers unknown routes and methods with a problem', async () => {
      expect(problemOf(await t.http.get('/v1/nothing-here').set(admin)).status).toBe(404);
      expect(problemOf(await t.http.get('/v1/clusters/does-not-exist').set(admin)).code).toBe(
        'CLUSTER.NOT_FOUND',
      );
    });
  });

  describe('public surface', () => {
    it('serves health, the OpenAPI document and its UI without a key', async () => {
      const health = await t.http.get('/health');
      expect(health.body).toMatchObject({ status: 'ok', store: { kind: 'sqlite', status: 'ok' } });
      const doc = await t.http.get('/openapi.json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/clusters',
          '/v1/clusters/{id}',
          '/v1/members',
          '/v1/items',
          '/v1/import',
          '/v1/economies',
          '/v1/api-keys',
        ]),
      );
      expect(doc.body.components.schemas.CreateClusterDto.required).toEqual(
        expect.arrayContaining(['name', 'economy', 'description']),
      );
      const ui = await t.http.get('/docs/');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });
  });
});
