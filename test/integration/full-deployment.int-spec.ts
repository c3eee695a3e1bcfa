import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { ChangeFeed } from '../../src/infra/change-feed';
import { JobName, JobQueue } from '../../src/jobs/jobs';
import { SuggestionsRepository } from '../../src/suggestions/suggestions.repository';
import { dataset } from '../support/dataset';
import { ADMIN_TOKEN, TestApp, admin, startTestApp } from '../support/http';
import { MODEL_ENV } from '../support/model';
import { exited, spawnTs, waitFor } from '../support/processes';
import { TestRedis, startRedis } from '../support/redis';
import { TestSmtp, startSmtp } from '../support/smtp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted field by field
type Json = any;
interface RunStatus {
  id: string;
  total: number;
  done: number;
}

/**
 * The full deployment on one machine: the api (in this process), worker processes, a real
 * redis-server and a real SMTP server; and what happens when parts of it fail.
 */
describe('full deployment: api + BullMQ workers + Redis', () => {
  let redis: TestRedis;
  let smtp: TestSmtp;
  let dataDir: string;
  let api: TestApp;
  let env: Record<string, string>;
  const workers: ReturnType<typeof spawnTs>[] = [];

  const startWorker = async () => {
    const worker = spawnTs('workers/main.ts', [], { ...env, LOG_LEVEL: 'info' });
    workers.push(worker);
    await waitFor(
      () => worker.output().includes('PEC Match worker started') || undefined,
      30000,
      'a worker',
    );
    return worker;
  };
  const status = async (): Promise<Json> =>
    (await api.http.get('/v1/admin/status').set(admin)).body;
  const idle = (timeoutMs = 90000) =>
    waitFor(
      async () => ((await status()).idle ? true : undefined),
      timeoutMs,
      'the deployment to be idle',
    );

  beforeAll(async () => {
    redis = await startRedis();
    smtp = await startSmtp();
    dataDir = mkdtempSync(join(tmpdir(), 'pec-full-'));
    env = {
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      PEC_ADMIN_TOKEN: ADMIN_TOKEN,
      SMTP_URL: smtp.url,
      JOBS_LOCK_MS: '3000',
      JOBS_BACKOFF_MS: '300',
      INDEX_SYNC_INTERVAL_MS: '200',
      DIGEST_TICK_MS: '86400000',
      EMBEDDING_REMOTE: 'false',
      SEED_DEMO: 'never',
      ...MODEL_ENV,
    };
    api = await startTestApp({ ...env, JOBS_PROCESSORS: 'off' }, { dataDir });
    await startWorker();
  }, 60000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => exited(w)));
    await api.close();
    await smtp.stop();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('flows on by itself: an import reaches every subject’s suggestions through the worker', async () => {
    await api.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(dataset(20, 2))
      .expect(200);
    await idle();
    const s = await status();
    expect(s.jobs.driver).toBe('bullmq');
    expect(await api.app.get(SuggestionsRepository).countLists()).toBe(360);
  }, 120000);

  it('survives kill -9 of the worker in the middle of a full recompute: every subject done once, no job lost', async () => {
    await api.http.post('/v1/admin/recompute').set(admin).expect(202);
    const run = await waitFor(
      async () => {
        const current = (await status()).currentRecompute as RunStatus | null;
        return current && current.done >= 20 ? current : undefined;
      },
      60000,
      'the recompute to be under way',
    );
    workers.at(-1)!.kill('SIGKILL');
    await exited(workers.at(-1)!);
    expect((await status()).currentRecompute.done).toBeLessThan(run.total);

    await startWorker();
    const finished = await waitFor(
      async () => {
        const s = await status();
        const last = s.lastFullRecompute as RunStatus | null;
        return s.idle && last?.id === run.id ? last : undefined;
      },
      120000,
      'the recompute to finish after the restart',
    );
    expect(finished).toMatchObject({ total: 360, done: 360 });
    expect((await api.http.get('/v1/admin/jobs').set(admin)).body.items).toEqual([]);
    expect(await api.app.get(SuggestionsRepository).countLists()).toBe(360);
  }, 180000);

  it('keeps serving reads while Redis restarts under load, and the jobs resume', async () => {
    let reads = 0;
    let failures = 0;
    let reading = true;
    const loop = (async () => {
      while (reading) {
        const res = await api.http.get('/v1/clusters').query({ limit: 5 }).set(admin);
        if (res.status === 200) reads += 1;
        else failures += 1;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const owner = (await api.app.get(ClustersRepository).findByExternalId('ds-AU-3'))!;
    const restart = redis.restart(1500);
    const offer = await api.http
      .post('/v1/items')
      .set(admin)
      .send({
        ownerType: 'cluster',
        ownerId: owner.id,
        kind: 'offer',
        area: 'training',
        title: 'Halal certification courses for food exporters',
        description: 'Halal certification training',
        sectors: ['26'],
        validUntil: '2030-01-01',
      });
    expect(offer.status).toBe(201);
    const written = await api.app.get(ChangeFeed).head();
    await restart;
    await idle(120000);
    reading = false;
    await loop;
    expect(failures).toBe(0);
    expect(reads).toBeGreaterThan(20);
    // The write made during the restart went all the way through: embedded and indexed (search
    // finds it), and the owner's list recomputed from a change log that holds it.
    const found = await api.http
      .get('/v1/search')
      .query({ q: 'Halal certification courses for food exporters', kind: 'offer' })
      .set(admin)
      .expect(200);
    expect((found.body.results as { id: string }[]).map((r) => r.id)).toContain(offer.body.id);
    const list = await api.app.get(SuggestionsRepository).findList(`cluster:${owner.id}`);
    expect(list!.changeSeq).toBeGreaterThanOrEqual(written);
  }, 180000);

  it('sends a digest once SMTP is back after being down, and only once', async () => {
    const recipient = `cluster:${(await api.app.get(ClustersRepository).findByExternalId('ds-KR-2'))!.id}`;
    await smtp.stop();
    const queue = api.app.get(JobQueue);
    await queue.enqueue(JobName.DigestSend, { recipientKey: recipient, period: 'W2026-48' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages).toHaveLength(0);
    await smtp.start();
    await waitFor(
      () => (smtp.messages.length === 1 ? true : undefined),
      60000,
      'the digest to arrive',
    );
    await queue.enqueue(JobName.DigestSend, { recipientKey: recipient, period: 'W2026-48' });
    await idle();
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toMatchObject({ text: 'ds-KR-2@cluster.example' });
  }, 120000);

  it('spreads a bulk import’s embedding over the workers: each takes batches', async () => {
    const second = await startWorker();
    const first = workers[workers.length - 2];
    const before = [first, second].map((w) => batchesIn(w.output()));
    // 40 clusters per economy, each with a member and items: thousands of changes, several batches.
    await api.http
      .post('/v1/import')
      .set(admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(dataset(40, 2))
      .expect(200);
    await idle(180000);
    const took = [first, second].map((w, i) => batchesIn(w.output()) - before[i]);
    expect(took[0]).toBeGreaterThan(0);
    expect(took[1]).toBeGreaterThan(0);
    // Every window's batches done, the cursor past them, and every subject's list computed.
    expect((await status()).embedding).toMatchObject({ lag: 0 });
    expect(await api.app.get(SuggestionsRepository).countLists()).toBe(720);
    second.kill('SIGTERM');
    await exited(second);
  }, 240000);
});

const batchesIn = (output: string) => output.split('embedding batch done').length - 1;
