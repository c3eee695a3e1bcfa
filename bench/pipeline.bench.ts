import { QueueEvents } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { environmentVariables } from '../src/common/config/load-config-or-exit';
import { redisConnection } from '../src/infra/redis';
import { QueueName } from '../src/jobs/jobs';
import { freePort, waitFor } from '../test/support/processes';
import { startRedis } from '../test/support/redis';
import { rng, syntheticRecords } from './synthetic-data';
import { mb, printTable } from './table';

/**
 * `npm run bench:pipeline [-- <clusters|file|dev,…> <workers,…> <members per cluster> <items per party>]`
 * (defaults: 1000,10000 synthetic clusters and the dev set (`dev`: ../shared/eval/dev); 1,2
 * workers; 1 member; 2 needs/offers per synthetic cluster and member).
 *
 * The full deployment on this machine, run from `dist/` as in production: a redis-server, the api
 * (JOBS_PROCESSORS=off) and one or two worker processes, on the embedded SQLite store, with the
 * embedding model from EMBEDDING_MODEL / EMBEDDING_MODEL_DIR (the bag-of-words fixture here). The
 * data set is imported over HTTP; the clock runs from the start of the import until the status is
 * idle with a suggestion list for every cluster and member. Jobs per queue are counted from
 * BullMQ's event stream.
 */
const ROOT = join(__dirname, '..', '..');
const TOKEN = 'bench-admin-token-0123456789abcdef';

interface QueueTally {
  jobs: number;
  failed: number;
  stalled: number;
  /** Distinct job ids completed (a job completed twice would show here). */
  ids: Set<string>;
  /** Match jobs by what they did: recomputed, fresh (the list already reflected the change), gone. */
  outcomes: Record<string, number>;
  first?: number;
  last?: number;
}

interface Run {
  /** The data: a synthetic size, or the file's name. */
  clusters: string;
  subjects: number;
  items: number;
  workers: number;
  importSeconds: number;
  embeddedSeconds: number;
  readySeconds: number;
  workerPeakRss: number;
  queues: Record<QueueName, QueueTally>;
}

type Child = ChildProcess & { log: () => string; started: boolean };

function node(entry: string, env: Record<string, string>, startLine: string): Child {
  const child = spawn(process.execPath, [join(ROOT, 'dist', entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as Child;
  let tail = '';
  child.started = false;
  const keep = (c: Buffer) => {
    tail = (tail + c.toString()).slice(-20000);
    if (tail.includes(startLine)) child.started = true;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.log = () => tail;
  return child;
}

function startedAll(children: Child[]): true | undefined {
  for (const c of children) if (c.exitCode !== null) throw new Error(`exited: ${c.log()}`);
  return children.every((c) => c.started) ? true : undefined;
}

/** Resident set size of a process, from /proc (Linux). */
function rss(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function streamMillis(id: string): number {
  return Number(id.split('-')[0]);
}

/** What one run imports: synthetic records, or a real file (the dev set). */
interface Source {
  label: string;
  lines: string[];
  subjects: number;
  items: number;
}

function syntheticSource(clusters: number, membersPer: number, itemsPerParty: number): Source {
  const lines: string[] = [];
  let subjects = 0;
  let items = 0;
  for (const r of syntheticRecords(rng(7), clusters, membersPer, itemsPerParty)) {
    lines.push(JSON.stringify(r.line));
    if (r.line.type === 'item') items += 1;
    else subjects += 1;
  }
  return { label: clusters.toLocaleString('en'), lines, subjects, items };
}

/** An NDJSON file (gzip or not), as the registry gives it: `dev` is ../shared/eval/dev. */
function fileSource(arg: string): Source {
  const path =
    arg === 'dev' ? join(ROOT, '..', 'shared', 'eval', 'dev', 'import.ndjson.gz') : resolve(arg);
  const raw = readFileSync(path);
  const lines = (path.endsWith('.gz') ? gunzipSync(raw) : raw)
    .toString()
    .split('\n')
    .filter((l) => l.trim());
  let subjects = 0;
  let items = 0;
  for (const l of lines) {
    const type = (JSON.parse(l) as { type?: string }).type;
    if (type === 'cluster' || type === 'member') subjects += 1;
    else if (type === 'item') items += 1;
  }
  return { label: arg === 'dev' ? 'dev set' : basename(path), lines, subjects, items };
}

async function runOnce(source: Source, workerCount: number): Promise<Run> {
  const redis = await startRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'pec-bench-pipeline-'));
  const port = await freePort();
  const inherited = environmentVariables('');
  delete inherited.MONGODB_URI;
  const env = {
    ...inherited,
    DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    PEC_ADMIN_TOKEN: TOKEN,
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_DEMO: 'never',
    EMBEDDING_REMOTE: 'false',
    LOG_LEVEL: 'warn',
  };
  const base = `http://127.0.0.1:${port}`;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const children: Child[] = [];
  const events: QueueEvents[] = [];
  try {
    const api = node(
      'src/main.js',
      { ...env, JOBS_PROCESSORS: 'off', LOG_LEVEL: 'info' },
      'PEC Match api listening',
    );
    const workers = Array.from({ length: workerCount }, () =>
      node('workers/main.js', { ...env, LOG_LEVEL: 'info' }, 'PEC Match worker started'),
    );
    children.push(api, ...workers);
    await waitFor(() => startedAll(children), 120000, 'the api and the workers to start');

    const queues = Object.fromEntries(
      Object.values(QueueName).map((q) => [
        q,
        { jobs: 0, failed: 0, stalled: 0, ids: new Set<string>(), outcomes: {} },
      ]),
    ) as Record<QueueName, QueueTally>;
    for (const q of Object.values(QueueName)) {
      const qe = new QueueEvents(q, { connection: redisConnection(redis.url) });
      const tally = queues[q];
      qe.on('active', (_a, id) => (tally.first ??= streamMillis(id)));
      qe.on('completed', ({ jobId, returnvalue }, id) => {
        tally.jobs += 1;
        tally.last = streamMillis(id);
        tally.ids.add(jobId);
        const outcome = typeof returnvalue === 'string' ? returnvalue.replace(/"/g, '') : 'other';
        if (/^(recomputed|fresh|gone)$/.test(outcome))
          tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
      });
      qe.on('failed', () => (tally.failed += 1));
      qe.on('stalled', () => (tally.stalled += 1));
      await qe.waitUntilReady();
      events.push(qe);
    }

    const { subjects, items } = source;
    const body = Buffer.from(source.lines.join('\n'));

    const status = async () =>
      (await (await fetch(`${base}/v1/admin/status`, { headers: auth })).json()) as {
        idle: boolean;
        embedding: { lag: number };
        suggestionLists: number;
      };
    // The workers have made their first pass over the empty store: the flow is in steady state.
    await waitFor(async () => ((await status()).idle ? true : undefined), 60000, 'idle', 200);

    const start = performance.now();
    const seconds = () => (performance.now() - start) / 1000;
    const res = await fetch(`${base}/v1/import`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
      body,
    });
    const report = (await res.json()) as { rejected?: number; created?: number };
    if (!res.ok)
      throw new Error(`import failed: ${res.status} ${JSON.stringify(report).slice(0, 500)}`);
    // A rejected line (reported by the import) is at most one subject fewer.
    const expected = subjects - (report.rejected ?? 0);
    const importSeconds = seconds();

    let embeddedSeconds = NaN;
    let workerPeakRss = 0;
    await waitFor(
      async () => {
        for (const w of workers) {
          if (w.exitCode !== null) throw new Error(`a worker exited: ${w.log()}`);
          workerPeakRss = Math.max(workerPeakRss, rss(w.pid));
        }
        const s = await status();
        if (Number.isNaN(embeddedSeconds) && s.embedding.lag === 0) embeddedSeconds = seconds();
        return s.idle && s.suggestionLists >= expected ? true : undefined;
      },
      6 * 3600 * 1000,
      'every suggestion list',
      500,
    );
    const readySeconds = seconds();
    return {
      clusters: source.label,
      subjects,
      items,
      workers: workerCount,
      importSeconds,
      embeddedSeconds,
      readySeconds,
      workerPeakRss,
      queues,
    };
  } finally {
    await Promise.all(events.map((e) => e.close()));
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) =>
        c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)),
      ),
    );
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [sizesArg, workersArg, membersArg, itemsArg] = process.argv.slice(2);
  const sizes = (sizesArg ?? '1000,10000,dev').split(',');
  const workerCounts = (workersArg ?? '1,2').split(',').map(Number);
  const membersPer = Number(membersArg ?? 1);
  const itemsPerParty = Number(itemsArg ?? 2);
  const runs: Run[] = [];
  for (const n of sizes) {
    const source = /^\d+$/.test(n)
      ? syntheticSource(Number(n), membersPer, itemsPerParty)
      : fileSource(n);
    for (const w of workerCounts) {
      const run = await runOnce(source, w);
      runs.push(run);
      console.log(
        `clusters=${n} workers=${w}: every list ready after ${run.readySeconds.toFixed(1)} s`,
      );
    }
  }
  const s = (x: number) => x.toFixed(1);
  printTable(
    'Import to every suggestion list ready (api + workers + Redis, SQLite store)',
    [
      'clusters',
      'subjects',
      'needs/offers',
      'workers',
      'import s',
      'embedded at s',
      'texts embedded/s',
      'all lists ready s',
      'subjects/s',
      'speed-up',
      'worker peak RSS MB',
    ],
    runs.map((r) => {
      const single = runs.find((o) => o.clusters === r.clusters && o.workers === 1);
      return [
        String(r.clusters),
        String(r.subjects),
        String(r.items),
        String(r.workers),
        s(r.importSeconds),
        s(r.embeddedSeconds),
        s((r.subjects + r.items) / r.embeddedSeconds),
        s(r.readySeconds),
        s(r.subjects / r.readySeconds),
        single ? `${(single.readySeconds / r.readySeconds).toFixed(2)}×` : '',
        mb(r.workerPeakRss),
      ];
    }),
  );
  printTable(
    'Jobs per queue (completed; jobs/s over the span from the first job started to the last done)',
    ['clusters', 'workers', ...Object.values(QueueName).map((q) => `${q} jobs (jobs/s)`), 'failed'],
    runs.map((r) => [
      String(r.clusters),
      String(r.workers),
      ...Object.values(QueueName).map((q) => {
        const t = r.queues[q];
        const span = t.first !== undefined && t.last !== undefined ? (t.last - t.first) / 1000 : 0;
        return `${t.jobs} (${span > 0 ? (t.jobs / span).toFixed(1) : '–'})`;
      }),
      String(Object.values(r.queues).reduce((n, t) => n + t.failed, 0)),
    ]),
  );
  printTable(
    'Match jobs by outcome (fresh: the list already reflected the change when the job ran)',
    [
      'clusters',
      'workers',
      'completed',
      'distinct job ids',
      'recomputed',
      'fresh',
      'gone',
      'stalled',
    ],
    runs.map((r) => {
      const t = r.queues[QueueName.Match];
      return [
        String(r.clusters),
        String(r.workers),
        String(t.jobs),
        String(t.ids.size),
        String(t.outcomes.recomputed ?? 0),
        String(t.outcomes.fresh ?? 0),
        String(t.outcomes.gone ?? 0),
        String(t.stalled),
      ];
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
