import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp, admin, clusterBody, startTestApp } from '../support/http';
import { MODEL_ENV } from '../support/model';
import { exited, spawnTs } from '../support/processes';

describe('npm run reindex', () => {
  let dataDir: string;
  let t: TestApp;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pec-reindex-'));
    t = await startTestApp({ EMBEDDER: 'off' }, { dataDir });
    const c = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
    await t.http
      .post('/v1/items')
      .set(admin)
      .send({
        ownerType: 'cluster',
        ownerId: c.id,
        kind: 'offer',
        area: 'trade',
        title: 'SiC wafers',
        description: 'SiC',
        sectors: ['26'],
        validUntil: '2030-01-01',
      })
      .expect(201);
    await t.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('embeds what is missing, rebuilds the index and writes its snapshot', async () => {
    const run = spawnTs('src/cli/reindex.cli.ts', [], {
      DATA_DIR: dataDir,
      EMBEDDING_REMOTE: 'false',
      ...MODEL_ENV,
    });
    expect((await exited(run)).code).toBe(0);
    const report = JSON.parse(run.output()) as {
      embedded: { embedded: number; full: boolean };
      index: { state: string; sizes: Record<string, number> };
    };
    expect(report.embedded).toMatchObject({ embedded: 2, full: true });
    expect(report.index).toMatchObject({
      state: 'ready',
      sizes: { profile: 1, need: 0, offer: 1 },
    });
    expect(existsSync(join(dataDir, 'index', 'snapshot.json'))).toBe(true);

    const again = spawnTs('src/cli/reindex.cli.ts', ['--reembed'], {
      DATA_DIR: dataDir,
      EMBEDDING_REMOTE: 'false',
      ...MODEL_ENV,
    });
    expect((await exited(again)).code).toBe(0);
    expect(JSON.parse(again.output())).toMatchObject({
      embedded: { embedded: 0, unchanged: 2, full: true },
    });
  }, 60000);
});
