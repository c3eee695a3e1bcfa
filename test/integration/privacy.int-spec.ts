import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { DigestSender } from '../../src/digests/digest-sender';
import { DigestsRepository } from '../../src/digests/digests.repository';
import { Embedder } from '../../src/embeddings/embedder';
import { EmbeddingsRepository } from '../../src/embeddings/embeddings.repository';
import { IntroductionsRepository } from '../../src/introductions/introductions.repository';
import { MembersRepository } from '../../src/members/members.repository';
import {
  FeedbackRepository,
  SuggestionsRepository,
} from '../../src/suggestions/suggestions.repository';
import { IndexReplica } from '../../src/vector-index/index-replica.service';
import { dataset } from '../support/dataset';
import { TestApp, admin, bearer, startTestApp, importNdjson } from '../support/http';
import { settle } from '../support/settle';
import { TestSmtp, startSmtp } from '../support/smtp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

/**
 * A cluster's or member's data on request: exported as JSON, and deleted with everything derived
 * from it — vectors (store and index), its suggestions and its place in others' lists, feedback,
 * digests and introductions.
 */
describe('privacy: export and erasure', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let member: { id: string; clusterId: string; externalId: string };
  let memberKey: string;
  let managerKey: Record<string, string>;
  let otherManager: Record<string, string>;
  let partnerOfMember: string;
  let introductionId: string;

  const newKey = async (body: object) =>
    (await t.http.post('/v1/api-keys').set(admin).send(body)).body.token as string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url });
    await importNdjson(t, dataset(2, 1));
    await settle(t.app);
    // A member that others are suggested to, and that is suggested to others.
    const suggestions = t.app.get(SuggestionsRepository);
    for (const externalId of ['ds-KR-0-m0', 'ds-JP-0-m0', 'ds-CL-0-m0', 'ds-VN-0-m0']) {
      const m = (await t.app.get(MembersRepository).findByExternalId(externalId))!;
      // Compute its list (on read), then check that others list it.
      const mine = await t.http.get(`/v1/members/${m.id}/suggestions`).set(admin);
      const others = await suggestions.subjectsSuggesting(`member:${m.id}`);
      if (mine.body.items.length && others.length) {
        member = { id: m.id, clusterId: m.clusterId, externalId };
        partnerOfMember = others[0];
        break;
      }
      // Make others' lists exist so that the member can appear in them.
      for (const c of ['ds-AU-0', 'ds-MX-0', 'ds-JP-1', 'ds-KR-1']) {
        const cl = (await t.app.get(ClustersRepository).findByExternalId(c))!;
        await t.http.get(`/v1/clusters/${cl.id}/suggestions`).set(admin);
      }
      const again = await suggestions.subjectsSuggesting(`member:${m.id}`);
      if (mine.body.items.length && again.length) {
        member = { id: m.id, clusterId: m.clusterId, externalId };
        partnerOfMember = again[0];
        break;
      }
    }
    expect(member).toBeDefined();
    memberKey = await newKey({ role: 'member', label: 'm', memberId: member.id });
    managerKey = bearer(
      await newKey({ role: 'cluster_manager', label: 'mgr', clusterIds: [member.clusterId] }),
    );
    const otherCluster = (await t.app.get(ClustersRepository).findByExternalId('ds-AU-1'))!;
    otherManager = bearer(
      await newKey({ role: 'cluster_manager', label: 'other', clusterIds: [otherCluster.id] }),
    );
    // Its own offer, embedded and indexed.
    const offer = await t.http
      .post('/v1/items')
      .set(bearer(memberKey))
      .send({
        ownerType: 'member',
        ownerId: member.id,
        kind: 'offer',
        area: 'joint_rd',
        title: 'Zirconia ceramic kiln tooling for prototype runs',
        description: 'Zirconia ceramic kiln tooling',
        sectors: ['26'],
        validUntil: '2030-01-01',
      });
    expect(offer.status).toBe(201);
    await settle(t.app);
    // Its data beyond the profile: feedback, a digest, an introduction.
    const list = await t.http.get(`/v1/members/${member.id}/suggestions`).set(bearer(memberKey));
    const [first, second] = list.body.items as { id: string }[];
    await t.http
      .post(`/v1/suggestions/${second.id}/feedback`)
      .set(bearer(memberKey))
      .send({ status: 'saved' })
      .expect(200);
    expect(await t.app.get(DigestSender).send(`member:${member.id}`, 'W2026-48')).toBe('sent');
    const intro = await t.http
      .post('/v1/introductions')
      .set(bearer(memberKey))
      .send({ suggestionId: first.id, message: 'Let us talk' });
    expect(intro.status).toBe(201);
    introductionId = intro.body.id as string;
  }, 60000);
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('exports a member’s data, to itself, its cluster’s managers and operators only', async () => {
    const res = await t.http.get(`/v1/members/${member.id}/export`).set(bearer(memberKey));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body;
    const key = `member:${member.id}`;
    expect(body).toMatchObject({
      format: 'pec-match-export/1',
      subject: key,
      profile: { id: member.id, contactEmail: `${member.externalId}@member.example` },
    });
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i: Json) => i.memberId === member.id)).toBe(true);
    expect(body.vectors.map((v: Json) => v.entity as string).sort()).toEqual(
      ['member', ...body.items.map(() => 'item')].sort(),
    );
    expect(body.subjects[key].suggestions.length).toBeGreaterThan(0);
    expect(body.subjects[key].feedback).toMatchObject([{ status: 'saved' }]);
    expect(body.subjects[key].digests).toMatchObject([{ period: 'W2026-48', status: 'sent' }]);
    expect(body.introductions).toMatchObject([
      { id: introductionId, requesterKey: key, message: 'Let us talk', status: 'pending' },
    ]);
    // Nothing of the other side beyond its key and economy; no API key ids of anyone.
    expect(JSON.stringify(body.introductions)).not.toMatch(/@cluster\.example|@member\.example/);
    expect(JSON.stringify(body.introductions)).not.toContain('requestedBy');

    expect((await t.http.get(`/v1/members/${member.id}/export`).set(managerKey)).status).toBe(200);
    expect((await t.http.get(`/v1/members/${member.id}/export`).set(admin)).status).toBe(200);
    expect((await t.http.get(`/v1/members/${member.id}/export`).set(otherManager)).status).toBe(
      403,
    );
    const cluster = await t.http.get(`/v1/clusters/${member.clusterId}/export`).set(managerKey);
    expect(cluster.status).toBe(200);
    expect(cluster.body.members.map((m: Json) => m.id as string)).toContain(member.id);
    expect(Object.keys(cluster.body.subjects)).toContain(key);
    expect(
      (await t.http.get(`/v1/clusters/${member.clusterId}/export`).set(bearer(memberKey))).status,
    ).toBe(403);
  });

  it('deletes a member with its vectors, its suggestions and its place in others’ lists, feedback, digests and introductions', async () => {
    const key = `member:${member.id}`;
    const items = (await t.http.get(`/v1/members/${member.id}/export`).set(admin)).body.items as {
      id: string;
      title: string;
    }[];
    expect(await t.app.get(SuggestionsRepository).subjectsSuggesting(key)).toContain(
      partnerOfMember,
    );

    expect((await t.http.delete(`/v1/members/${member.id}`).set(managerKey)).status).toBe(204);

    // At once, in the store.
    const modelId = t.app.get(Embedder).modelId;
    const refs = [
      { entity: 'member' as const, id: member.id },
      ...items.map((i) => ({ entity: 'item' as const, id: i.id })),
    ];
    expect(await t.app.get(EmbeddingsRepository).findMany(modelId, refs)).toEqual([]);
    const suggestions = t.app.get(SuggestionsRepository);
    expect(await suggestions.findList(key)).toBeUndefined();
    expect(await suggestions.subjectsSuggesting(key)).toEqual([]);
    expect(await t.app.get(FeedbackRepository).forSubject(key)).toEqual([]);
    expect(await t.app.get(DigestsRepository).history(key)).toEqual([]);
    expect(await t.app.get(DigestsRepository).settings(key)).toBeUndefined();
    expect(await t.app.get(IntroductionsRepository).findById(introductionId)).toBeUndefined();

    // Over the API: gone from the partner's list (recomputed), its export and its key.
    const [type, id] = partnerOfMember.split(':');
    const partnerList = await t.http.get(`/v1/${type}s/${id}/suggestions`).set(admin);
    expect(partnerList.status).toBe(200);
    expect(
      (partnerList.body.items as Json[]).some((s) => `${s.partner.type}:${s.partner.id}` === key),
    ).toBe(false);
    expect((await t.http.get(`/v1/members/${member.id}/export`).set(admin)).status).toBe(404);
    expect((await t.http.get('/v1/me').set(bearer(memberKey))).status).toBe(401);

    // And from the vector index, once it has caught up with the deletion.
    await settle(t.app);
    const replica = t.app.get(IndexReplica);
    for (const ref of refs) expect(replica.placements.has(`${ref.entity}:${ref.id}`)).toBe(false);
    const search = await t.http
      .get('/v1/search')
      .query({ q: items[0].title, limit: 50 })
      .set(admin);
    expect((search.body.results as Json[]).map((r) => r.id as string)).not.toContain(items[0].id);
  });
});
