import { ConfigError, loadConfig } from '../../src/common/config/app-config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/srv/pec');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('runs on the embedded default with no MONGODB_URI and no REDIS_URL', () => {
    const config = loadConfig({}, '/srv/pec');
    expect(config).toMatchObject({
      embedded: true,
      store: { kind: 'sqlite', dataDir: '/srv/pec/data', sqlitePath: '/srv/pec/data/pec.sqlite' },
      http: { port: 3000, host: '127.0.0.1', bodyLimit: 256 * 1024 },
      seedDemo: 'if-empty',
    });
  });

  it('switches to MongoDB and the full deployment when the servers are configured', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb://db:27017/pec?replicaSet=rs0',
      REDIS_URL: 'redis://redis:6379',
      PEC_ADMIN_TOKEN: 'x'.repeat(32),
    });
    expect(config).toMatchObject({
      embedded: false,
      store: { kind: 'mongodb' },
      redisUrl: 'redis://redis:6379',
      seedDemo: 'never',
    });
  });

  it('parses sizes with units', () => {
    expect(loadConfig({ BODY_LIMIT: '1mb', IMPORT_MAX_LINE_BYTES: '512' }).http.bodyLimit).toBe(
      1024 * 1024,
    );
    expect(loadConfig({ IMPORT_MAX_BYTES: '3gb' }).import.maxBytes).toBe(3 * 1024 ** 3);
  });

  it('names every bad variable and what it expects, hiding secrets', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      MONGODB_URI: 'postgres://secret@db',
      PEC_ADMIN_TOKEN: 'short',
      BODY_LIMIT: 'lots',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT="eighty": expected an integer between 0 and 65535/),
        expect.stringMatching(/^MONGODB_URI=\(hidden\): expected a URL starting with mongodb:\/\//),
        expect.stringMatching(
          /^PEC_ADMIN_TOKEN=\(hidden\): expected a random secret of at least 24 characters/,
        ),
        expect.stringMatching(/^BODY_LIMIT="lots": expected a size in bytes/),
        expect.stringMatching(/^LOG_LEVEL="loud": expected/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('secret@db');
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT="70000"/);
  });
});
