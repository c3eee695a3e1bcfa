import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp, startTestApp } from '../support/http';

const SNAPSHOT = join(__dirname, '..', '..', 'web', 'openapi.json');

/**
 * The web app's API client is generated from web/openapi.json (openapi-typescript, at build time):
 * that file must be the document the service serves, or the app's types lie. After changing the
 * API, refresh it with `npm run web:openapi`.
 */
describe('the web app’s copy of the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is the document the service serves', async () => {
    const served = `${JSON.stringify((await t.http.get('/openapi.json').expect(200)).body, null, 2)}\n`;
    if (process.env.WRITE_OPENAPI === '1') writeFileSync(SNAPSHOT, served);
    expect(readFileSync(SNAPSHOT, 'utf8')).toBe(served);
  });
});
