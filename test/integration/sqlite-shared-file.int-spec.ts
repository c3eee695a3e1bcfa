import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/infra/sqlite/migrations';
import { exited, spawnTs } from '../support/processes';

/**
 * The api and the workers open one SQLite file (a deployment on one machine with Redis): when they
 * start together on a new data folder, each migration must be applied once and every process must
 * come up.
 */
describe('several processes creating one SQLite store at once', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pec-shared-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens in every process, with each migration applied exactly once', async () => {
    const path = join(dir, 'pec.sqlite');
    const at = String(Date.now() + 4000);
    const children = Array.from({ length: 6 }, () =>
      spawnTs('test/support/scripts/open-store.ts', [path, at], {}),
    );
    const results = await Promise.all(children.map((c) => exited(c)));
    children.forEach((c, i) => {
      expect({ process: i, errors: c.errors(), code: results[i].code }).toEqual({
        process: i,
        errors: '',
        code: 0,
      });
      expect(c.output()).toContain('opened');
    });
    const db = new Database(path, { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  }, 60000);
});
