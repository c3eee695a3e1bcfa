import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceStatus } from '../../src/admin/admin.controller';
import { dataset } from '../support/dataset';
import { admin, importNdjson, startTestApp } from '../support/http';
import { waitFor } from '../support/processes';

/**
 * Stopping the service (SIGINT, SIGTERM, a deploy) while it embeds: the jobs that are running
 * finish before the model's processes stop, so none is cut off and retried for nothing.
 */
describe('shutdown while the pipeline works', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pec-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lets the running jobs finish before the embedder stops: none is interrupted or failed', async () => {
    const t = await startTestApp({ JOBS_PROCESSORS: 'on' }, { dataDir });
    const data = dataset(150, 2);
    const parties = data.split('\n').filter((l) => /"type":"(cluster|member)"/.test(l)).length;
    await importNdjson(t, data);
    await waitFor(
      async () => {
        const { jobs } = (await t.http.get('/v1/admin/status').set(admin)).body as ServiceStatus;
        const q = jobs.queues;
        return q && q['embed-batch'].active > 0 ? true : undefined;
      },
      60000,
      'an embedding batch to run',
    );
    await t.app.close();

    const db = new Database(join(dataDir, 'pec.sqlite'), { readonly: true });
    try {
      const interrupted = db
        .prepare('SELECT name, attempts FROM pending_jobs WHERE attempts > 0')
        .all();
      const failed = db.prepare('SELECT name, error FROM failed_jobs').all();
      expect({ interrupted, failed }).toEqual({ interrupted: [], failed: [] });
    } finally {
      db.close();
    }

    // The next start takes the rest up and finishes it: nothing was lost.
    const again = await startTestApp({ JOBS_PROCESSORS: 'on' }, { dataDir });
    try {
      await waitFor(
        async () => {
          const s = (await again.http.get('/v1/admin/status').set(admin)).body as ServiceStatus;
          return s.embedding.lag === 0 && s.index.sizes.profile === parties ? s : undefined;
        },
        150000,
        'the restarted service to embed and index the rest of the import',
      );
    } finally {
      await again.app.close();
    }
  }, 300000);
});
