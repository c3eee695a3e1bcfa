import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN } from '../support/http';
import { FIXTURE_MODEL, MODEL_DIR } from '../support/model';
import { ROOT, captured, exited, freePort, waitFor } from '../support/processes';
import { TestRedis, startRedis } from '../support/redis';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

/**
 * How the container runs, without Docker: the built app in a folder the process cannot write, the
 * api and a worker as an unprivileged user with no passwd entry (like `docker run --user`), only
 * DATA_DIR writable, a real Redis. The demo data goes in through the import, the pipeline runs to
 * idle, and suggestions are read. Then every file the user owns anywhere on the machine must be
 * under DATA_DIR: a write anywhere else (the app, the model folder, /tmp, a home folder) fails the
 * test, and so does a refused one (EACCES/EROFS in the output).
 */
const UID = 47001;
const SETPRIV = ['--reuid', String(UID), '--regid', String(UID), '--clear-groups', '--'];
const canSwitchUser = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

function asUser(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
) {
  return spawn('setpriv', [...SETPRIV, command, ...args], {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The built app as the image holds it: exactly the paths the Dockerfile's runtime stage copies
 * (`COPY --from=build /app/<path> …`), with dist built here and the dependencies linked where the
 * user can read them in place (copied otherwise: a clone under /root, say).
 */
function installApp(root: string): string {
  const app = join(root, 'app');
  mkdirSync(app);
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const paths = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+) \S+$/gm)].map((m) => m[1]);
  expect(paths).toEqual(expect.arrayContaining(['dist', 'node_modules', 'package.json']));
  for (const path of paths) {
    if (path === 'dist') {
      execFileSync(
        process.execPath,
        [
          require.resolve('typescript/bin/tsc'),
          '-p',
          'tsconfig.build.json',
          '--outDir',
          join(app, 'dist'),
          '--tsBuildInfoFile',
          join(root, 'tsbuildinfo'),
        ],
        { cwd: ROOT, stdio: 'pipe' },
      );
      // The web app, as `npm run build` (and `npm test`'s pretest) leaves it in dist/web.
      if (existsSync(join(ROOT, 'dist', 'web')))
        cpSync(join(ROOT, 'dist', 'web'), join(app, 'dist', 'web'), { recursive: true });
    } else if (path === 'node_modules') {
      const modules = join(ROOT, 'node_modules');
      const readable = spawnSync('setpriv', [
        ...SETPRIV,
        'test',
        '-r',
        join(modules, '.package-lock.json'),
      ]);
      if (readable.status === 0) symlinkSync(modules, join(app, 'node_modules'));
      else cpSync(modules, join(app, 'node_modules'), { recursive: true });
    } else {
      cpSync(join(ROOT, path), join(app, path), { recursive: true });
    }
  }
  return app;
}

/** Files the user wrote since `marker` anywhere on this machine's file systems, DATA_DIR left out. */
function ownedOutside(dataDir: string, marker: string): string[] {
  const found = spawnSync(
    'find',
    [
      '/',
      '/dev/shm',
      '(',
      '-path',
      '/proc',
      '-o',
      '-path',
      '/sys',
      '-o',
      '-path',
      '/dev',
      '-o',
      '-path',
      dataDir,
      ')',
      '-prune',
      '-o',
      '-uid',
      String(UID),
      '-newer',
      marker,
      '-print',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return found.stdout.split('\n').filter(Boolean);
}

if (!canSwitchUser) {
  describe('non-root run (the container without Docker)', () => {
    it.skip('SKIPPED: switching to an unprivileged user needs root and setpriv (CI runs as root)', () =>
      undefined);
  });
} else {
  describe('non-root run (the container without Docker)', () => {
    let root: string;
    let app: string;
    let dataDir: string;
    let redis: TestRedis;
    let port: number;
    let env: Record<string, string>;
    const processes: { name: string; child: ChildProcess; output: () => string }[] = [];

    const start = (name: string, entry: string) => {
      const child = asUser(process.execPath, [join(app, entry)], { cwd: app, env });
      const { output, errors } = captured(child);
      const p = { name, child, output: () => output() + errors() };
      processes.push(p);
      return p;
    };
    const get = async (path: string): Promise<Json> => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.json();
    };

    beforeAll(async () => {
      // A run cut short can leave this user's processes behind: they are this test's, stop them.
      spawnSync('pkill', ['-KILL', '-u', String(UID)]);
      root = mkdtempSync(join(tmpdir(), 'pec-nonroot-'));
      chmodSync(root, 0o755);
      app = installApp(root);
      // The model where the image bakes it: /app/models.
      const models = join(app, 'models');
      cpSync(join(MODEL_DIR, FIXTURE_MODEL), join(models, FIXTURE_MODEL), { recursive: true });
      execFileSync('chmod', ['-R', 'go-w', app]);
      dataDir = join(root, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      chownSync(dataDir, UID, UID);
      redis = await startRedis();
      port = await freePort();
      env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: '/nonexistent',
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        REDIS_URL: redis.url,
        PEC_ADMIN_TOKEN: ADMIN_TOKEN,
        EMBEDDING_REMOTE: 'false',
        EMBEDDING_MODEL_DIR: models,
        EMBEDDING_MODEL: FIXTURE_MODEL,
        SEED_DEMO: 'never',
        INDEX_SYNC_INTERVAL_MS: '200',
        LOG_LEVEL: 'info',
      };
    }, 180000);

    afterAll(async () => {
      for (const { child } of processes)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.all(processes.map(({ child }) => exited(child)));
      await redis?.stop();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('runs the api and a worker as an unprivileged user that writes only to DATA_DIR', async () => {
      const api = start('api', 'dist/src/main.js');
      const worker = start('worker', 'dist/workers/main.js');
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.ok,
        60000,
        `the api to answer /health (output: ${api.output().slice(-2000)})`,
        200,
      );
      await waitFor(
        () => worker.output().includes('PEC Match worker started') || undefined,
        60000,
        'the worker',
      );

      const demo = join(app, 'seeds', 'demo');
      const body = readdirSync(demo)
        .filter((f) => f.endsWith('.ndjson'))
        .map((f) => readFileSync(join(demo, f), 'utf8'))
        .join('\n');
      const imported = await fetch(`http://127.0.0.1:${port}/v1/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      const report = (await imported.json()) as Json;
      expect({ status: imported.status, rejected: report.rejected }).toEqual({
        status: 200,
        rejected: 0,
      });
      expect(report.created).toBeGreaterThan(200);

      await waitFor(
        async () => ((await get('/v1/admin/status')).idle ? true : undefined),
        240000,
        'the pipeline to be idle',
        500,
      );
      const clusters = (await get('/v1/clusters?limit=20')).items as Json[];
      expect(clusters.length).toBe(20);
      let lists = 0;
      for (const c of clusters) {
        const suggestions = (await get(`/v1/clusters/${c.id}/suggestions`)).items as Json[];
        if (suggestions.length > 0) lists++;
        for (const s of suggestions) expect(s.partner.economy).not.toBe(c.economy);
      }
      expect(lists).toBe(clusters.length);

      for (const p of processes) p.child.kill('SIGTERM');
      const exits = await Promise.all(processes.map(({ child }) => exited(child)));
      // The api exits 0; the worker's Nest shutdown hooks run, then re-raise the signal.
      expect(exits).toEqual([
        { code: 0, signal: null },
        { code: null, signal: 'SIGTERM' },
      ]);

      // It did write its data, as the user…
      expect(statSync(join(dataDir, 'pec.sqlite')).uid).toBe(UID);
      // …and nothing else, anywhere, and no write was refused.
      expect(ownedOutside(dataDir, join(root, 'tsbuildinfo'))).toEqual([]);
      for (const p of processes)
        expect({ [p.name]: p.output().match(/.*\b(EACCES|EROFS|EPERM)\b.*/g) }).toEqual({
          [p.name]: null,
        });
    }, 420000);
  });
}
