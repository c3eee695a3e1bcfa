import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_ENV } from '../support/model';
import { exited, freePort, spawnTs, waitFor } from '../support/processes';

const TOKEN = 'process-test-token-0123456789abcdef';

describe('the api process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pec-proc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops at once on a bad setting, naming the variable and what it expects', async () => {
    const child = spawnTs('src/main.ts', [], {
      DATA_DIR: dir,
      PORT: 'eighty',
      REDIS_URL: 'http://nope',
    });
    const { code } = await exited(child);
    expect(code).toBe(78);
    expect(child.errors()).toContain('PORT="eighty": expected an integer between 0 and 65535');
    expect(child.errors()).toContain(
      'REDIS_URL=(hidden): expected a URL starting with redis:// or rediss://',
    );
  }, 30000);

  it('finishes an in-flight request on SIGTERM, refuses new ones, keeps secrets out of its logs and its data across restarts', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dir,
      PORT: String(port),
      PEC_ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: 'debug',
      SEED_DEMO: 'never',
      EMBEDDING_REMOTE: 'false',
      ...MODEL_ENV,
    };
    const api = spawnTs('src/main.ts', [], env);
    await waitFor(
      () => api.output().includes('PEC Match api listening') || undefined,
      30000,
      'the api to listen',
    );

    // A streamed import is in flight when SIGTERM arrives; it must complete.
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/import',
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-ndjson' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const line = (i: number) =>
        `${JSON.stringify({ type: 'cluster', externalId: `sig-${i}`, name: `Cluster ${i}`, economy: 'NZ', description: 'Agritech', sectors: ['01'] })}\n`;
      req.write(line(1));
      setTimeout(() => {
        api.kill('SIGTERM');
        setTimeout(() => {
          req.write(line(2));
          req.end(line(3));
        }, 300);
      }, 300);
    });
    await new Promise((r) => setTimeout(r, 450));
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    const result = await inFlight;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'completed', created: 3 });
    expect((await exited(api)).code).toBe(0);
    expect(api.output()).toContain('shutting down');
    expect(api.output() + api.errors()).not.toContain(TOKEN);

    // Same data directory, new process: the data is there.
    const again = spawnTs('src/main.ts', [], env);
    await waitFor(
      () => again.output().includes('PEC Match api listening') || undefined,
      30000,
      'the restarted api',
    );
    const listed = await fetch(`http://127.0.0.1:${port}/v1/clusters?economy=NZ`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(
      ((await listed.json()) as { items: { externalId: string }[] }).items.map((c) => c.externalId),
    ).toEqual(['sig-1', 'sig-2', 'sig-3']);
    again.kill('SIGTERM');
    expect((await exited(again)).code).toBe(0);
  }, 60000);
});
