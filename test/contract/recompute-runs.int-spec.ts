import { newId } from '../../src/common/ids';
import { describeContract } from '../support/stores';

const STARTED = '2026-11-27T02:00:00.000Z';
const T1 = '2026-11-27T02:01:00.000Z';
const T2 = '2026-11-27T02:02:00.000Z';
const T3 = '2026-11-27T02:03:00.000Z';
const NEXT_NIGHT = '2026-11-28T02:00:00.000Z';

const aRun = (overrides: Partial<{ total: number; startedAt: string; reason: string }> = {}) => ({
  id: newId(),
  reason: 'nightly',
  total: 3,
  startedAt: STARTED,
  ...overrides,
});

describeContract('RecomputeRunsRepository', (store) => {
  it('knows no run in a new store', async () => {
    expect(await store().recomputeRuns.latest()).toBeUndefined();
    expect(await store().recomputeRuns.lastFinished()).toBeUndefined();
    expect(await store().recomputeRuns.find(newId())).toBeUndefined();
  });

  it('starts a run with nothing done, unfinished', async () => {
    const run = aRun({ reason: 'criteria activated' });
    await store().recomputeRuns.start(run);
    const expected = { ...run, done: 0, finishedAt: null };
    expect(await store().recomputeRuns.find(run.id)).toEqual(expected);
    expect(await store().recomputeRuns.latest()).toEqual(expected);
    expect(await store().recomputeRuns.lastFinished()).toBeUndefined();
  });

  it('counts each subject once, however often it is marked, and finishes when all are done', async () => {
    const run = aRun({ total: 3 });
    await store().recomputeRuns.start(run);
    expect(await store().recomputeRuns.markDone(run.id, 'cluster:a', T1)).toMatchObject({
      done: 1,
      finishedAt: null,
    });
    expect(await store().recomputeRuns.markDone(run.id, 'cluster:a', T2)).toMatchObject({
      done: 1,
      finishedAt: null,
    });
    expect(await store().recomputeRuns.markDone(run.id, 'member:b', T2)).toMatchObject({
      done: 2,
      finishedAt: null,
    });
    expect(await store().recomputeRuns.lastFinished()).toBeUndefined();
    expect(await store().recomputeRuns.markDone(run.id, 'cluster:c', T3)).toEqual({
      ...run,
      done: 3,
      finishedAt: T3,
    });
    expect(await store().recomputeRuns.find(run.id)).toEqual({ ...run, done: 3, finishedAt: T3 });
    expect(await store().recomputeRuns.lastFinished()).toEqual({
      ...run,
      done: 3,
      finishedAt: T3,
    });
  });

  it('keeps the finish time when a finished run’s subject is marked again (a retried job)', async () => {
    const run = aRun({ total: 1 });
    await store().recomputeRuns.start(run);
    await store().recomputeRuns.markDone(run.id, 'cluster:a', T1);
    expect(await store().recomputeRuns.markDone(run.id, 'cluster:a', T3)).toMatchObject({
      done: 1,
      finishedAt: T1,
    });
    expect(await store().recomputeRuns.find(run.id)).toMatchObject({ done: 1, finishedAt: T1 });
  });

  it('finishes a run with nothing to do as it starts', async () => {
    const run = aRun({ total: 0 });
    await store().recomputeRuns.start(run);
    const expected = { ...run, done: 0, finishedAt: STARTED };
    expect(await store().recomputeRuns.find(run.id)).toEqual(expected);
    expect(await store().recomputeRuns.lastFinished()).toEqual(expected);
  });

  it('ignores a second start of the same run (a retried job), keeping its progress', async () => {
    const run = aRun({ total: 2 });
    await store().recomputeRuns.start(run);
    await store().recomputeRuns.markDone(run.id, 'cluster:a', T1);
    await store().recomputeRuns.start({ ...run, total: 5, startedAt: T2, reason: 'retry' });
    expect(await store().recomputeRuns.find(run.id)).toEqual({
      ...run,
      done: 1,
      finishedAt: null,
    });
  });

  it('tells the latest run started apart from the last one finished', async () => {
    const lastNight = aRun({ total: 1, startedAt: STARTED });
    const tonight = aRun({ total: 2, startedAt: NEXT_NIGHT });
    const older = aRun({ total: 0, startedAt: '2026-11-26T02:00:00.000Z' });
    await store().recomputeRuns.start(lastNight);
    await store().recomputeRuns.start(tonight);
    await store().recomputeRuns.start(older);
    await store().recomputeRuns.markDone(lastNight.id, 'cluster:a', T1);
    await store().recomputeRuns.markDone(tonight.id, 'cluster:a', '2026-11-28T02:01:00.000Z');

    expect(await store().recomputeRuns.latest()).toEqual({ ...tonight, done: 1, finishedAt: null });
    expect(await store().recomputeRuns.lastFinished()).toEqual({
      ...lastNight,
      done: 1,
      finishedAt: T1,
    });
  });
});
