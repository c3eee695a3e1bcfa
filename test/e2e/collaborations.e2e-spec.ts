import { TestApp, admin, importNdjson, startTestApp } from '../support/http';

/** Who worked with whom: the import type, the operators' API, export and erasure. */
describe('collaborations', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    const org = (externalId: string, economy: string) => ({
      type: 'cluster',
      externalId,
      name: `Org ${externalId}`,
      economy,
      description: 'Research organisation',
    });
    await importNdjson(
      t,
      [org('pic-a', 'KR'), org('pic-b', 'JP'), org('pic-c', 'US')]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    for (const x of ['a', 'b', 'c']) {
      const list = await t.http
        .get('/v1/clusters')
        .query({ text: `org pic-${x}` })
        .set(admin);
      ids[x] = `cluster:${list.body.items[0].id as string}`;
    }
  });
  afterAll(() => t.close());

  const post = (body: string) =>
    t.http.post('/v1/import').set(admin).set('Content-Type', 'application/x-ndjson').send(body);
  const line = (o: object) => JSON.stringify({ type: 'collaboration', ...o });

  it('imports collaboration lines by the parties’ externalIds, idempotently, reporting unknown parties', async () => {
    const body = [
      line({
        externalId: 'proj-1',
        parties: ['pic-a', 'pic-b'],
        title: 'SiC',
        area: 'joint_rd',
        startDate: '2023-02-01',
      }),
      line({ externalId: 'proj-2', parties: ['pic-a', 'pic-nowhere'], title: 'X' }),
      line({ externalId: 'proj-3', parties: ['pic-a'], title: 'Alone' }),
      line({ parties: ['pic-a', 'pic-c'], title: 'No id' }),
    ].join('\n');
    const first = await post(body).expect(200);
    expect(first.body).toMatchObject({ created: 1, rejected: 3 });
    expect(
      Object.fromEntries(
        (first.body.rejections as { line: number; problems: { field: string }[] }[]).map((r) => [
          r.line,
          r.problems.map((p) => p.field),
        ]),
      ),
    ).toEqual({ 2: ['parties[1]'], 3: ['parties'], 4: ['externalId'] });
    const again = await post(body).expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 1 });
    const listed = await t.http.get('/v1/collaborations').query({ party: ids.b }).set(admin);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        externalId: 'proj-1',
        title: 'SiC',
        area: 'joint_rd',
        startDate: '2023-02-01',
        source: 'import',
        parties: [ids.a, ids.b].sort(),
      }),
    ]);
  });

  it('lets operators record, read and delete a collaboration by party ids or externalIds', async () => {
    const created = await t.http
      .post('/v1/collaborations')
      .set(admin)
      .send({ parties: [ids.c], partyExternalIds: ['pic-b'], title: 'Trade mission' })
      .expect(201);
    expect(created.body).toMatchObject({ source: 'api', parties: [ids.b, ids.c].sort() });
    const got = await t.http.get(`/v1/collaborations/${created.body.id}`).set(admin).expect(200);
    expect(got.body.title).toBe('Trade mission');
    const bad = await t.http
      .post('/v1/collaborations')
      .set(admin)
      .send({ parties: [ids.c, 'cluster:missing'], title: 'x' })
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'parties[1]', reason: expect.any(String) }]);
    await t.http.delete(`/v1/collaborations/${created.body.id}`).set(admin).expect(204);
    await t.http.get(`/v1/collaborations/${created.body.id}`).set(admin).expect(404);
  });

  it('exports a party’s collaborations and erases the party from them', async () => {
    const exported = await t.http.get(`/v1/clusters/${ids.a.slice(8)}/export`).set(admin);
    expect(exported.body.collaborations.map((c: { externalId: string }) => c.externalId)).toEqual([
      'proj-1',
    ]);
    await t.http
      .delete(`/v1/clusters/${ids.a.slice(8)}`)
      .set(admin)
      .expect(204);
    const left = await t.http.get('/v1/collaborations').query({ party: ids.b }).set(admin);
    expect(left.body.items).toEqual([]);
  });
});
