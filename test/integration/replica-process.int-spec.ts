import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, TestApp, admin, clusterBody, startTestApp } from '../support/http';
import { MODEL_ENV } from '../support/model';
import { exited, freePort, spawnTs, waitFor } from '../support/processes';

describe('a second process’s index replica', () => {
  let dataDir: string;
  let t: TestApp;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pec-replica-'));
    // This process runs the pipeline: it embeds every write.
    t = await startTestApp({ INDEX_SYNC_INTERVAL_MS: '100', JOBS_PROCESSORS: 'on' }, { dataDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('catches up with writes made and embedded by another process, within its polling interval', async () => {
    const port = await freePort();
    const other = spawnTs('src/main.ts', [], {
      DATA_DIR: dataDir,
      PORT: String(port),
      PEC_ADMIN_TOKEN: ADMIN_TOKEN,
      SEED_DEMO: 'never',
      // No job processors: this process embeds nothing itself, so what its replica finds was
      // written and embedded by the other process, and reached it through the shared store.
      JOBS_PROCESSORS: 'off',
      LOG_LEVEL: 'info',
      INDEX_SYNC_INTERVAL_MS: '200',
      EMBEDDING_REMOTE: 'false',
      ...MODEL_ENV,
    });
    try {
      await waitFor(
        () => other.output().includes('PEC Match api listening') || undefined,
        30000,
        'the second process',
      ).catch((e: unknown) => {
        throw new Error(
          `${String(e)}\n${other.output().slice(-1500)}\n${other.errors().slice(-1500)}`,
        );
      });
      const searchOther = async () => {
        const res = await fetch(
          `http://127.0.0.1:${port}/v1/search?q=${encodeURIComponent('lithium hydroxide refining')}&kind=offer`,
          {
            headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
          },
        );
        return res.status === 200
          ? ((await res.json()) as { results: { id: string }[] }).results
          : undefined;
      };
      await waitFor(searchOther, 30000, 'the second replica to be ready');

      const c = (
        await t.http
          .post('/v1/clusters')
          .set(admin)
          .send(clusterBody({ economy: 'CL' }))
      ).body;
      const written = Date.now();
      const item = (
        await t.http
          .post('/v1/items')
          .set(admin)
          .send({
            ownerType: 'cluster',
            ownerId: c.id,
            kind: 'offer',
            area: 'trade',
            title: 'Lithium hydroxide refining capacity',
            description: 'Battery-grade lithium hydroxide refining in Antofagasta',
            sectors: ['20'],
            validUntil: '2030-01-31',
          })
      ).body;
      const hits = await waitFor(
        async () => {
          const results = await searchOther();
          return results?.some((r) => r.id === item.id) ? results : undefined;
        },
        20000,
        'the item to reach the second replica',
      );
      const delayMs = Date.now() - written;
      expect(hits[0].id).toBe(item.id);
      // Embedding (first process, every 500 ms) plus the second replica's polling (200 ms).
      expect(delayMs).toBeLessThan(5000);
    } finally {
      other.kill('SIGTERM');
      await exited(other);
    }
  }, 60000);
});
