import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { environmentVariables } from '../src/common/config/load-config-or-exit';
import { freePort, waitFor } from '../test/support/processes';
import { printTable } from './table';

/**
 * `npm run bench:api [-- <import.ndjson[.gz]> <seconds per run> <connections> <busy seconds>]`
 * (defaults: ../shared/eval/dev/import.ndjson.gz, 15 s, 10 connections, 300 s).
 *
 * The service as `npm start` runs it — the embedded default (SQLite, jobs on the API's event loop,
 * the model in child processes) from `dist/`, with the model of EMBEDDING_MODEL /
 * EMBEDDING_MODEL_DIR — loaded with the data set over HTTP. autocannon, in this process on the
 * same machine, then measures on loopback:
 * - at rest: suggestion reads spread over every subject, search, a list endpoint and /health;
 * - during a bulk import of the whole data set again (every text revised, so everything is
 *   embedded, indexed and matched again) and a full recompute: /health and suggestion reads,
 *   until the service is idle again or for <busy seconds>.
 * Each row: requests/s, p50/p99/max latency, errors (non-2xx and socket errors), and the
 * service's own event-loop delay (its /v1/admin/status, worst minute seen during the run).
 */
const ROOT = join(__dirname, '..', '..');
const TOKEN = 'bench-admin-token-0123456789abcdef';
/** The busy phase is measured until idle, or for this long (the fourth argument). */
const BUSY_SECONDS = Number(process.argv[5] ?? 300);
const auth = { authorization: `Bearer ${TOKEN}` };

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  loopP99: number;
  loopMax: number;
}

/** A request with no client-side time-out (a stalled service must show as latency, not vanish). */
function call(
  base: string,
  method: string,
  path: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: () => unknown }> {
  return new Promise((resolvePromise, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method,
        headers: { ...auth, ...headers, ...(body ? { 'content-length': body.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            json: () => JSON.parse(Buffer.concat(chunks).toString()) as unknown,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Status {
  idle: boolean;
  suggestionLists: number;
  eventLoop: { current: { p99Ms: number; maxMs: number } };
}

async function status(base: string): Promise<Status> {
  return (await call(base, 'GET', '/v1/admin/status')).json() as Status;
}

/**
 * Waits until idle (or `capSeconds` have passed), keeping the worst event-loop minute seen;
 * returns seconds waited.
 */
async function untilIdle(
  base: string,
  loop: { p99: number; max: number },
  subjects?: number,
  capSeconds = Infinity,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if ((performance.now() - started) / 1000 > capSeconds) return capSeconds;
    const s = await status(base);
    loop.p99 = Math.max(loop.p99, s.eventLoop.current.p99Ms);
    loop.max = Math.max(loop.max, s.eventLoop.current.maxMs);
    if (s.idle && (subjects === undefined || s.suggestionLists >= subjects))
      return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function allIds(base: string, path: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = (
      await call(base, 'GET', `${path}?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
    ).json() as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    if (!cursor || !page.items.length) return ids;
  }
}

function cannon(
  base: string,
  seconds: number,
  connections: number,
  nextPath: () => string,
): { done: Promise<autocannon.Result>; stop: () => void } {
  let stop = () => {};
  const done = new Promise<autocannon.Result>((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        timeout: 60,
        headers: auth,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
      },
      (err: unknown, result) =>
        err
          ? reject(err instanceof Error ? err : new Error('autocannon failed'))
          : resolvePromise(result),
    );
    stop = () => instance.stop();
  });
  return { done, stop };
}

function row(scenario: string, r: autocannon.Result, loop: { p99: number; max: number }): Row {
  return {
    scenario,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
    loopP99: loop.p99,
    loopMax: loop.max,
  };
}

/** HTTP on loopback; autocannon shares the machine's 2 cores with the service. */
function printRows(title: string, rows: Row[]): void {
  printTable(
    title,
    [
      'scenario',
      'req/s',
      'p50 (ms)',
      'p99 (ms)',
      'max (ms)',
      'requests',
      'errors',
      'loop p99 / max (ms)',
    ],
    rows.map((r) => [
      r.scenario,
      r.rps.toFixed(0),
      String(r.p50),
      String(r.p99),
      String(r.max),
      String(r.requests),
      String(r.errors),
      `${r.loopP99.toFixed(0)} / ${r.loopMax.toFixed(0)}`,
    ]),
  );
}

async function main(): Promise<void> {
  const file = resolve(
    process.argv[2] ?? join(ROOT, '..', 'shared', 'eval', 'dev', 'import.ndjson.gz'),
  );
  const seconds = Number(process.argv[3] ?? 15);
  const connections = Number(process.argv[4] ?? 10);
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString();
  const lines = text.split('\n').filter((l) => l.trim());

  const dataDir = mkdtempSync(join(tmpdir(), 'pec-bench-api-'));
  const port = await freePort();
  const inherited = environmentVariables('');
  delete inherited.MONGODB_URI;
  delete inherited.REDIS_URL;
  const service: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...inherited,
      DATA_DIR: dataDir,
      PEC_ADMIN_TOKEN: TOKEN,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'never',
      EMBEDDING_REMOTE: 'false',
      LOG_LEVEL: 'warn',
      THROTTLE_LIMITS: 'operator=1000000,cluster_manager=1000000,member=1000000,anonymous=1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  try {
    await waitFor(
      async () => (await call(base, 'GET', '/health').catch(() => ({ status: 0 }))).status === 200,
      120000,
      'the service to start',
      200,
    );
    // Load: the import over HTTP (gzip), then until every subject has its list.
    const loadLoop = { p99: 0, max: 0 };
    const t0 = performance.now();
    const imported = await call(base, 'POST', '/v1/import', gzipSync(lines.join('\n')), {
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    });
    if (imported.status !== 200) throw new Error(`import: ${imported.status}`);
    const importSeconds = (performance.now() - t0) / 1000;
    const clusters = await allIds(base, '/v1/clusters');
    const members = await allIds(base, '/v1/members');
    await untilIdle(base, loadLoop, clusters.length + members.length);
    const readySeconds = (performance.now() - t0) / 1000;
    printTable(
      `Load of ${file} (${lines.length} lines) on the embedded default`,
      [
        'lines',
        'clusters',
        'members',
        'import (s)',
        'import → every list ready (s)',
        'loop p99 / max (ms)',
      ],
      [
        [
          String(lines.length),
          String(clusters.length),
          String(members.length),
          importSeconds.toFixed(1),
          readySeconds.toFixed(1),
          `${loadLoop.p99.toFixed(0)} / ${loadLoop.max.toFixed(0)}`,
        ],
      ],
    );

    const subjects = [
      ...clusters.map((id) => `/v1/clusters/${id}/suggestions`),
      ...members.map((id) => `/v1/members/${id}/suggestions`),
    ];
    let n = 0;
    const nextSubject = () => subjects[(n = (n + 7919) % subjects.length)];
    const words = [
      'battery',
      'hydrogen',
      'semiconductor',
      'vaccine',
      'robotics',
      'photonics',
      'aquaculture',
      'quantum',
      'recycling',
      'satellite',
      'biomass',
      'wind turbine',
    ];
    let w = 0;
    const nextSearch = () => `/v1/search?q=${encodeURIComponent(words[w++ % words.length])}`;
    const scenarios: [string, () => string][] = [
      ['suggestion reads (every subject)', nextSubject],
      ['search', nextSearch],
      ['list clusters (200 a page)', () => '/v1/clusters?limit=200'],
      ['/health', () => '/health'],
    ];
    for (const [name, next] of scenarios) {
      await status(base); // starts no new window, but settles the service between runs
      const { done } = cannon(base, seconds, connections, next);
      const result = await done;
      const s = await status(base);
      rows.push(
        row(`at rest: ${name}`, result, {
          p99: s.eventLoop.current.p99Ms,
          max: s.eventLoop.current.maxMs,
        }),
      );
    }

    printRows(`At rest, ${connections} connections`, rows);

    // Under load: the whole set again with every text revised, and a full recompute.
    const revised = lines.map((l) => {
      const o = JSON.parse(l) as { description?: string };
      if (typeof o.description === 'string') o.description += ' (revised)';
      return JSON.stringify(o);
    });
    const loop = { p99: 0, max: 0 };
    const health = cannon(base, 3600, 2, () => '/health');
    const reads = cannon(base, 3600, Math.max(1, connections - 2), nextSubject);
    const t1 = performance.now();
    const reimport = call(base, 'POST', '/v1/import', gzipSync(revised.join('\n')), {
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    });
    try {
      await new Promise((r) => setTimeout(r, 2000));
      await call(base, 'POST', '/v1/admin/recompute', Buffer.from('{}'), {
        'content-type': 'application/json',
      });
      // The cap bounds the whole phase, the import included (under reads it takes much longer).
      let imported = false;
      void reimport.then(() => (imported = true));
      while (!imported && (performance.now() - t1) / 1000 < BUSY_SECONDS) {
        const s = await status(base);
        loop.p99 = Math.max(loop.p99, s.eventLoop.current.p99Ms);
        loop.max = Math.max(loop.max, s.eventLoop.current.maxMs);
        await new Promise((r) => setTimeout(r, 1000));
      }
      await untilIdle(base, loop, undefined, BUSY_SECONDS - (performance.now() - t1) / 1000);
    } finally {
      health.stop();
      reads.stop();
    }
    const reimported = await reimport;
    if (reimported.status !== 200)
      throw new Error(`the second import failed: ${reimported.status}`);
    const busySeconds = (performance.now() - t1) / 1000;
    const busy = [
      row('during import + recompute: /health', await health.done, loop),
      row('during import + recompute: suggestion reads', await reads.done, loop),
    ];
    printRows(
      `During the import and recompute (${busySeconds.toFixed(0)} s, until idle or the cap)`,
      busy,
    );
  } finally {
    service.kill('SIGINT');
    await new Promise((r) => service.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
