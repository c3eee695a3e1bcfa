import { ApiKey } from '../../src/auth/api-key';
import { newId } from '../../src/common/ids';
import { describeContract } from '../support/stores';

const AT = '2026-11-27T10:00:00.000Z';
const aKey = (overrides: Partial<ApiKey> = {}): ApiKey => ({
  id: newId(),
  role: 'cluster_manager',
  clusterIds: ['c1'],
  memberId: null,
  label: 'office',
  tokenPrefix: 'pec_abcdef',
  createdAt: AT,
  revokedAt: null,
  lastUsedAt: null,
  ...overrides,
});
const hash = (n: number) => n.toString(16).padStart(64, '0');

describeContract('ApiKeysRepository', (store) => {
  it('finds a key by the hash of its token, never by the token', async () => {
    const key = aKey();
    await store().apiKeys.create(key, hash(1));
    expect(await store().apiKeys.findByTokenHash(hash(1))).toEqual(key);
    expect(await store().apiKeys.findByTokenHash(hash(2))).toBeUndefined();
  });

  it('revokes once, and rotates only live keys', async () => {
    const key = aKey();
    await store().apiKeys.create(key, hash(1));
    expect(await store().apiKeys.replaceToken(key.id, hash(2), 'pec_new000')).toBe(true);
    expect(await store().apiKeys.findByTokenHash(hash(1))).toBeUndefined();
    expect(await store().apiKeys.findByTokenHash(hash(2))).toMatchObject({
      tokenPrefix: 'pec_new000',
    });
    expect(await store().apiKeys.revoke(key.id, AT)).toBe(true);
    expect(await store().apiKeys.revoke(key.id, AT)).toBe(false);
    expect(await store().apiKeys.replaceToken(key.id, hash(3), 'x')).toBe(false);
    expect(await store().apiKeys.findById(key.id)).toMatchObject({ revokedAt: AT });
  });

  it('revokes the keys of deleted subjects and narrows managers of several clusters', async () => {
    const solo = aKey({ clusterIds: ['c1'] });
    const multi = aKey({ clusterIds: ['c1', 'c2'] });
    const member = aKey({ role: 'member', clusterIds: [], memberId: 'm1' });
    const operator = aKey({ role: 'operator', clusterIds: [] });
    for (const [i, k] of [solo, multi, member, operator].entries())
      await store().apiKeys.create(k, hash(10 + i));
    expect(
      await store().apiKeys.revokeForSubjects({ clusterIds: ['c1'], memberIds: ['m1'] }, AT),
    ).toBe(2);
    expect(await store().apiKeys.findById(solo.id)).toMatchObject({ revokedAt: AT });
    expect(await store().apiKeys.findById(multi.id)).toMatchObject({
      revokedAt: null,
      clusterIds: ['c2'],
    });
    expect(await store().apiKeys.findById(member.id)).toMatchObject({ revokedAt: AT });
    expect(await store().apiKeys.findById(operator.id)).toMatchObject({ revokedAt: null });
  });

  it('lists keys by id with a cursor and records use', async () => {
    const keys = [aKey(), aKey(), aKey()];
    for (const [i, k] of keys.entries()) await store().apiKeys.create(k, hash(20 + i));
    expect((await store().apiKeys.list({ limit: 1 })).map((k) => k.id)).toEqual([
      keys[0].id,
      keys[1].id,
    ]);
    expect((await store().apiKeys.list({ limit: 5, after: keys[0].id })).map((k) => k.id)).toEqual([
      keys[1].id,
      keys[2].id,
    ]);
    await store().apiKeys.touch(keys[2].id, AT);
    expect(await store().apiKeys.findById(keys[2].id)).toMatchObject({ lastUsedAt: AT });
  });
});

describeContract('ImportRunsRepository', (store) => {
  const run = {
    id: newId(),
    source: 'test',
    status: 'running' as const,
    startedAt: AT,
    finishedAt: null,
    updatedAt: AT,
    lines: 0,
    committedThroughLine: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    error: null,
  };

  it('accumulates batch progress and keeps every rejection, in line order', async () => {
    await store().imports.start(run);
    const problems = [{ field: 'economy', reason: 'unknown' }];
    await store().imports.recordBatch(run.id, {
      at: AT,
      lines: 500,
      committedThroughLine: 500,
      created: 400,
      updated: 50,
      unchanged: 48,
      rejections: [
        { line: 7, problems },
        { line: 3, problems },
      ],
    });
    await store().imports.recordBatch(run.id, {
      at: AT,
      lines: 620,
      committedThroughLine: 620,
      created: 100,
      updated: 0,
      unchanged: 19,
      rejections: [{ line: 611, problems }],
    });
    expect(await store().imports.findById(run.id)).toMatchObject({
      lines: 620,
      committedThroughLine: 620,
      created: 500,
      updated: 50,
      unchanged: 67,
      rejected: 3,
    });
    expect((await store().imports.rejections(run.id, 0, 10)).map((r) => r.line)).toEqual([
      3, 7, 611,
    ]);
    expect(await store().imports.rejections(run.id, 3, 1)).toEqual([{ line: 7, problems }]);
  });

  it('finishes a run', async () => {
    await store().imports.start(run);
    await store().imports.finish(
      run.id,
      'failed',
      '2026-11-27T11:00:00.000Z',
      'the input exceeds 10 bytes',
    );
    expect(await store().imports.findById(run.id)).toMatchObject({
      status: 'failed',
      finishedAt: '2026-11-27T11:00:00.000Z',
      error: 'the input exceeds 10 bytes',
    });
  });
});
