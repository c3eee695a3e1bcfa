import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Clock } from '../../src/common/clock/clock';
import { loadConfig } from '../../src/common/config/app-config';
import { createHttpApp } from '../../src/http-app';
import { MODEL_ENV } from './model';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataDir: string;
  close(): Promise<void>;
}

/** The real HTTP application on a fresh SQLite store in a temporary directory. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock; dataDir?: string } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pec-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PEC_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'never',
    EMBEDDING_REMOTE: 'false',
    // The background pipeline is off unless a test is about it (settle() drives the services directly).
    JOBS_PROCESSORS: 'off',
    // A read waits for its list's recompute however long it takes (tests of the budget set theirs).
    SUGGESTIONS_READ_BUDGET_MS: '600000',
    DIGEST_TICK_MS: '86400000',
    // Suites make thousands of requests with one key; the throttling suite sets its own limits.
    THROTTLE_LIMITS: 'operator=1000000,cluster_manager=1000000,member=1000000,anonymous=1000000',
    ...MODEL_ENV,
    ...env,
  });
  const app = await createHttpApp(config, { clock: options.clock });
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    dataDir,
    close: async () => {
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const admin = bearer(ADMIN_TOKEN);

export const clusterBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Gyeonggi Power Semiconductor Cluster',
  economy: 'KR',
  region: 'Gyeonggi',
  description: 'SiC and GaN power semiconductor makers around Suwon and Pyeongtaek.',
  sectors: ['26'],
  technologies: ['power semiconductors', 'SiC'],
  languages: ['ko', 'en'],
  website: 'https://gpsc.example',
  contactName: 'Min-jun Park',
  contactEmail: 'office@gpsc.example',
  memberCount: 120,
  ...overrides,
});

/** Imports NDJSON as an operator and returns the import report (fails the test unless 200). */
export async function importNdjson(t: TestApp, ndjson: string): Promise<{ id: string }> {
  const res = await t.http
    .post('/v1/import')
    .set(admin)
    .set('Content-Type', 'application/x-ndjson')
    .send(ndjson)
    .expect(200);
  return res.body as { id: string };
}
