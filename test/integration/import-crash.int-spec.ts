import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../support/store-factory';
import { exited, spawnTs, waitFor } from '../support/processes';

const LINES = 20000;

function writeImportFile(path: string): void {
  const rows: string[] = [];
  for (let i = 1; i <= LINES; i++) {
    rows.push(
      JSON.stringify({
        type: 'cluster',
        externalId: `crash-${i}`,
        name: `Crash test cluster ${i}`,
        economy: ['KR', 'JP', 'CL', 'VN'][i % 4],
        description: `Cluster number ${i} working on power semiconductors and battery materials`,
        sectors: ['26'],
      }),
    );
  }
  writeFileSync(path, `${rows.join('\n')}\n`);
}

describe('import CLI under kill -9', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pec-crash-'));
    writeImportFile(join(dir, 'clusters.ndjson'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no line it reported as committed, and a re-run completes without duplicates', async () => {
    const env = {
      DATA_DIR: join(dir, 'data'),
      IMPORT_BATCH_SIZE: '250',
      PEC_ADMIN_TOKEN: 'x'.repeat(32),
    };
    const child = spawnTs('src/cli/import.cli.ts', [join(dir, 'clusters.ndjson')], env);
    const acknowledged = await waitFor(
      () => {
        const matches = [...child.errors().matchAll(/committed through line (\d+)/g)].map((m) =>
          Number(m[1]),
        );
        const last = matches[matches.length - 1];
        return last !== undefined && last >= 3000 ? last : undefined;
      },
      60000,
      'the import to commit 3000 lines',
    );
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');

    const store = openSqliteStore(join(dir, 'data', 'pec.sqlite'));
    try {
      for (const line of [1, Math.floor(acknowledged / 2), acknowledged]) {
        expect(await store.clusters.findByExternalId(`crash-${line}`)).toMatchObject({
          name: `Crash test cluster ${line}`,
        });
      }
      const stored = await store.clusters.count();
      expect(stored).toBeGreaterThanOrEqual(acknowledged);
      expect(stored).toBeLessThan(LINES);
    } finally {
      await store.connection.close();
    }

    const rerun = spawnTs('src/cli/import.cli.ts', [join(dir, 'clusters.ndjson')], env);
    expect((await exited(rerun)).code).toBe(0);
    const summary = JSON.parse(rerun.output()) as {
      created: number;
      unchanged: number;
      rejected: number;
    };
    expect(summary.created + summary.unchanged).toBe(LINES);
    expect(summary.unchanged).toBeGreaterThanOrEqual(acknowledged);
    const after = openSqliteStore(join(dir, 'data', 'pec.sqlite'));
    try {
      expect(await after.clusters.count()).toBe(LINES);
    } finally {
      await after.connection.close();
    }
  }, 180000);
});
