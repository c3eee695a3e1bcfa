import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { SuggestionsRepository } from '../../src/suggestions/suggestions.repository';
import { dataset } from '../support/dataset';
import { TestApp, admin, startTestApp } from '../support/http';
import { waitFor } from '../support/processes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, asserted field by field
type Status = { idle: boolean; lastFullRecompute?: { total: number }; [field: string]: any };

describe('the background pipeline, embedded (inline driver)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ JOBS_PROCESSORS: 'on', INDEX_SYNC_INTERVAL_MS: '100' });
  });
  afterAll(() => t.close());

  const idle = () =>
    waitFor(
      async () => {
        const status = (await t.http.get('/v1/admin/status').set(admin)).body as Status;
        return status.idle ? status : undefined;
      },
      60000,
      'the pipeline to be idle',
    );
  const clusterKey = async (externalId: string) =>
    `cluster:${(await t.app.get(ClustersRepository).findByExternalId(externalId))!.id}`;

  it('flows on by itself after an import: every subject gets its suggestions in the background', async () => {
    await t.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(dataset())
      .expect(200);
    const status = await idle();
    expect(status.jobs.driver).toBe('inline');
    expect(await t.app.get(SuggestionsRepository).countLists()).toBe(24);
    expect(status.index.sizes.offer).toBe(12);
  });

  it('recomputes every subject on request (the nightly job), and reports it', async () => {
    expect((await t.http.post('/v1/admin/recompute').set(admin)).status).toBe(202);
    const status = await waitFor(
      async () => {
        const s = (await t.http.get('/v1/admin/status').set(admin)).body as Status;
        return s.idle && s.lastFullRecompute?.total === 24 ? s : undefined;
      },
      60000,
      'the full recompute',
    );
    expect(status.lastFullRecompute).toMatchObject({
      reason: 'requested by an operator',
      total: 24,
      done: 24,
      finishedAt: expect.any(String),
    });
    expect(status.currentRecompute).toBeNull();
  });

  it('updates the counterparts of a new offer without anyone asking', async () => {
    const subject = await clusterKey('ds-KR-0');
    const before = await t.app.get(SuggestionsRepository).findList(subject);
    const owner = (await t.app.get(ClustersRepository).findByExternalId('ds-AU-1'))!;
    const offer = await t.http
      .post('/v1/items')
      .set(admin)
      .send({
        ownerType: 'cluster',
        ownerId: owner.id,
        kind: 'offer',
        area: 'joint_rd',
        title: 'SiC power modules pilot line services',
        description: 'Pilot line for SiC power modules, open to partners',
        sectors: ['26'],
        validUntil: '2030-01-01',
      });
    expect(offer.status).toBe(201);
    await idle();
    const after = (await t.app.get(SuggestionsRepository).findList(subject))!;
    expect(after.computedAt > before!.computedAt).toBe(true);
    const stored = await t.app.get(SuggestionsRepository).list(subject, {}, { limit: 50 });
    const suggestion = stored.find((s) => s.partnerKey === `cluster:${owner.id}`);
    expect(suggestion?.evidence.some((e) => e.theirs.id === offer.body.id)).toBe(true);
  });

  it('recomputes both parties of a new collaboration: the partner shows as known', async () => {
    const subject = await clusterKey('ds-KR-0');
    const before = (await t.app.get(SuggestionsRepository).findList(subject))!;
    const stored = await t.app.get(SuggestionsRepository).list(subject, {}, { limit: 50 });
    const partner = stored[stored.length - 1].partnerKey;
    const partnerBefore = (await t.app.get(SuggestionsRepository).findList(partner))!;
    await t.http
      .post('/v1/collaborations')
      .set(admin)
      .send({
        parties: [subject, partner],
        title: 'Joint SiC reliability study',
        startDate: '2026-03-01',
      })
      .expect(201);
    await idle();
    const after = (await t.app.get(SuggestionsRepository).findList(subject))!;
    expect(after.computedAt > before.computedAt).toBe(true);
    const partnerAfter = (await t.app.get(SuggestionsRepository).findList(partner))!;
    expect(partnerAfter.computedAt > partnerBefore.computedAt).toBe(true);
    const listed = (await t.app.get(SuggestionsRepository).list(subject, {}, { limit: 50 })).find(
      (s) => s.partnerKey === partner,
    );
    expect(listed?.reason).toContain("You worked together on 'Joint SiC reliability study' (2026)");
  });

  it('takes feedback: it shows on reads and changes the next ranking', async () => {
    const subject = await clusterKey('ds-KR-0');
    const id = subject.slice('cluster:'.length);
    const list = (await t.http.get(`/v1/clusters/${id}/suggestions`).set(admin)).body.items as {
      id: string;
      partner: { id: string };
    }[];
    const [first, second] = list;
    expect(
      (
        await t.http
          .post(`/v1/suggestions/${first.id}/feedback`)
          .set(admin)
          .send({ status: 'hidden', reason: 'not our field' })
      ).body,
    ).toMatchObject({ status: 'hidden', reason: 'not our field' });
    await t.http
      .post(`/v1/suggestions/${second.id}/feedback`)
      .set(admin)
      .send({ status: 'useful' })
      .expect(200);
    await idle();
    const next = (await t.http.get(`/v1/clusters/${id}/suggestions`).set(admin)).body.items as {
      id: string;
      status: string;
      partner: { id: string };
    }[];
    expect(next.map((s) => s.partner.id)).not.toContain(first.partner.id);
    expect(next.find((s) => s.id === second.id)?.status).toBe('useful');
    expect(
      (
        await t.http
          .post(`/v1/suggestions/${first.id}/feedback`)
          .set(admin)
          .send({ status: 'love' })
      ).body.errors[0].field,
    ).toBe('status');
    expect(
      (await t.http.post('/v1/suggestions/sug_nope/feedback').set(admin).send({ status: 'useful' }))
        .status,
    ).toBe(404);
  });

  it('lists failed jobs (none here) and refuses to retry an unknown one', async () => {
    expect(
      (await t.http.get('/v1/admin/jobs').query({ state: 'failed' }).set(admin)).body.items,
    ).toEqual([]);
    expect((await t.http.post('/v1/admin/jobs/match:nope/retry').set(admin)).status).toBe(404);
  });
});
