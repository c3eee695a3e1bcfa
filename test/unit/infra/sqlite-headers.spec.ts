import { SqliteClustersRepository } from '../../../src/clusters/sqlite-clusters.repository';
import { openSqlite } from '../../../src/infra/sqlite/sqlite-database';
import { SqliteMembersRepository } from '../../../src/members/sqlite-members.repository';

/**
 * A suggestion read and every matching run read parties' headers (all but the long texts). They
 * come from a covering index (migration 11): from the row they walked the long texts' overflow
 * pages. A column added to clusters or members without adding it to the index breaks this.
 */
describe('party headers in the embedded store', () => {
  it.each([
    ['clusters', (db: ReturnType<typeof openSqlite>) => new SqliteClustersRepository(db)],
    ['members', (db: ReturnType<typeof openSqlite>) => new SqliteMembersRepository(db)],
  ])('%s: read from a covering index, never from the row', async (table, make) => {
    const db = openSqlite(':memory:');
    const prepare = jest.spyOn(db, 'prepare');
    await make(db).findHeadersByIds(['a', 'b', 'c']);
    const sql = prepare.mock.calls
      .map(([text]) => text)
      .find((text) => text.includes(`FROM ${table} t `) && text.includes('t.id IN'));
    expect(sql).toBeDefined();
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('a', 'b', 'c') as { detail: string }[]
    )
      .map((row) => row.detail)
      .join('; ');
    expect(plan).toContain(`USING COVERING INDEX ${table}_headers`);
  });
});
