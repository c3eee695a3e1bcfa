import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { dataset } from '../support/dataset';
import { TestApp, admin, bearer, importNdjson, startTestApp } from '../support/http';
import { settle } from '../support/settle';

/** The value of one series in a Prometheus text exposition (labels given in any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return null;
}

describe('observability: /metrics for Prometheus, the event loop in the operators status', () => {
  let t: TestApp;
  let imported: { created: number; rejected: number };

  beforeAll(async () => {
    t = await startTestApp({ JOBS_PROCESSORS: 'on' });
    const bad = JSON.stringify({ type: 'cluster', name: 'no economy' });
    imported = (await importNdjson(t, `${dataset(2, 1)}\n${bad}`)) as unknown as typeof imported;
    await settle(t.app);
  }, 120000);
  afterAll(() => t.close());

  const scrape = async (): Promise<string> => {
    const res = await t.http.get('/metrics').set(admin);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('is for operators only: no key 401, a cluster manager 403', async () => {
    expect((await t.http.get('/metrics')).status).toBe(401);
    const cluster = (await t.app.get(ClustersRepository).findByExternalId('ds-KR-0'))!;
    const key = await t.http
      .post('/v1/api-keys')
      .set(admin)
      .send({ role: 'cluster_manager', label: 'KR', clusterIds: [cluster.id] });
    const res = await t.http.get('/metrics').set(bearer(key.body.token as string));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('times requests by route pattern and status, never by path', async () => {
    const cluster = (await t.app.get(ClustersRepository).findByExternalId('ds-JP-0'))!;
    for (let i = 0; i < 3; i++)
      expect((await t.http.get(`/v1/clusters/${cluster.id}`).set(admin)).status).toBe(200);
    await t.http.get('/v1/clusters/no-such-id').set(admin).expect(404);
    await t.http.get('/no/such/route').expect(404);
    const text = await scrape();
    const labels = { method: 'GET', route: '/v1/clusters/:id' };
    expect(
      sample(text, 'pec_http_request_duration_seconds_count', { ...labels, status: '200' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'pec_http_request_duration_seconds_count', { ...labels, status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'pec_http_request_duration_seconds_count', { route: 'unmatched' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(cluster.id);
  });

  it('holds queue depths, job durations, index sizes and lag, embedding lag and import lines', async () => {
    const text = await scrape();
    const status = (await t.http.get('/v1/admin/status').set(admin)).body;
    for (const queue of ['embed', 'index', 'match', 'digest'])
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect(sample(text, 'pec_queue_jobs', { queue, state })).toBe(
          status.jobs.queues[queue][state],
        );
    const matched = sample(text, 'pec_job_duration_seconds_count', {
      queue: 'match',
      job: 'match.subject',
      outcome: 'completed',
    });
    // Every subject was matched at least once (12 clusters and 12 members).
    expect(matched).toBeGreaterThanOrEqual(24);
    expect(
      sample(text, 'pec_job_duration_seconds_count', { queue: 'embed', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    for (const partition of ['profile', 'need', 'offer'])
      expect(sample(text, 'pec_index_vectors', { partition })).toBe(status.index.sizes[partition]);
    expect(sample(text, 'pec_index_vectors', { partition: 'profile' })).toBeGreaterThanOrEqual(24);
    expect(sample(text, 'pec_index_lag_changes')).toBe(0);
    expect(sample(text, 'pec_embedding_lag_changes')).toBe(0);
    expect(sample(text, 'pec_change_log_head')).toBe(status.changeLogHead);
    expect(sample(text, 'pec_import_lines_total', { outcome: 'created' })).toBe(imported.created);
    expect(sample(text, 'pec_import_lines_total', { outcome: 'rejected' })).toBe(1);
    expect(imported.rejected).toBe(1);
    // Event-loop delay, ours (by quantile) and Node's own.
    expect(sample(text, 'pec_event_loop_delay_seconds', { quantile: '0.99' })).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).not.toBeNull();
  });

  it('shows the event-loop delay in /v1/admin/status', async () => {
    const { eventLoop } = (await t.http.get('/v1/admin/status').set(admin)).body;
    for (const window of [eventLoop.lastMinute, eventLoop.current]) {
      expect(window).toEqual({
        p50Ms: expect.any(Number),
        p99Ms: expect.any(Number),
        maxMs: expect.any(Number),
        windowSeconds: expect.any(Number),
      });
      expect(window.p99Ms).toBeGreaterThanOrEqual(window.p50Ms);
      expect(window.maxMs).toBeGreaterThanOrEqual(window.p99Ms);
    }
    expect(eventLoop.lastMinute.p50Ms).toBeGreaterThan(0);
  });
});
