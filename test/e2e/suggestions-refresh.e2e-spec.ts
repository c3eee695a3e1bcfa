import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { dataset } from '../support/dataset';
import { TestApp, admin, importNdjson, startTestApp } from '../support/http';
import { waitFor } from '../support/processes';
import { settle } from '../support/settle';

/**
 * SUGGESTIONS_READ_BUDGET_MS: a read of a list gone stale waits that long for its recompute, then
 * answers with the stored list marked `refreshing`; the recompute finishes behind it. (A budget
 * of 0 makes every stale read take that path; other suites wait as long as it takes.)
 */
describe('suggestion reads with a read budget', () => {
  let t: TestApp;
  let path: string;
  let clusterId: string;
  beforeAll(async () => {
    t = await startTestApp({ SUGGESTIONS_READ_BUDGET_MS: '0' });
    await importNdjson(t, dataset(2, 1));
    await settle(t.app);
    clusterId = (await t.app.get(ClustersRepository).findByExternalId('ds-KR-0'))!.id;
    path = `/v1/clusters/${clusterId}/suggestions`;
  }, 60000);
  afterAll(() => t.close());

  const read = async () => {
    const res = await t.http.get(path).set(admin);
    expect(res.status).toBe(200);
    return res.body as { refreshing: boolean; items: { computedAt: string }[] };
  };

  it('serves a list that is up to date as it is, not refreshing', async () => {
    const first = await read();
    expect(first.refreshing).toBe(false);
    expect(first.items.length).toBeGreaterThan(0);
    expect((await read()).refreshing).toBe(false);
  });

  it('answers a stale list at once, marked refreshing, and the next reads get the new list', async () => {
    const before = (await read()).items[0].computedAt;
    await t.http
      .patch(`/v1/clusters/${clusterId}`)
      .set(admin)
      .send({ description: 'SiC power modules and gallium nitride pilot lines for EV inverters' })
      .expect(200);
    const stale = await read();
    expect(stale.refreshing).toBe(true);
    expect(stale.items[0].computedAt).toBe(before);
    const fresh = await waitFor(
      async () => {
        const r = await read();
        return r.refreshing ? undefined : r;
      },
      20000,
      'the recompute behind the read',
    );
    expect(Date.parse(fresh.items[0].computedAt)).toBeGreaterThan(Date.parse(before));

    // Operators see how often reads were served while refreshing.
    const metrics = (await t.http.get('/metrics').set(admin).expect(200)).text;
    const count = (list: string) =>
      Number(
        new RegExp(`^pec_suggestion_reads_total\\{list="${list}"\\} (\\d+)`, 'm').exec(
          metrics,
        )?.[1] ?? 0,
      );
    expect(count('refreshing')).toBeGreaterThanOrEqual(1);
    expect(count('fresh')).toBeGreaterThanOrEqual(2);
  });
});
