import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { DEFAULT_SPEC, ECONOMIES, row } from './data';
import { Stats, rssMB, stats } from './measure';
import { PEERS } from './peers';
import { Setting } from './peers/peer';
import { loadDataset, loadTruth } from './prepare';
import { VARIANTS, Variant, filterFor, recallAt } from './truth';

/**
 * One peer at one size, in its own process (clean RSS numbers; a crash stays contained):
 * build → sweep the search knob (recall@10 and latency per setting) → pick the cheapest setting
 * reaching the target recall → fresh timed passes unfiltered / excluding one economy / only two
 * economies → snapshot save, size, reopen. Writes one JSON result.
 */
export interface SweepPoint extends Stats {
  label: string;
  recall: number;
}
export interface PeerResult {
  peer: string;
  packages: string[];
  indexKind: string;
  filterHow: string;
  notes: string[];
  n: number;
  queries: number;
  target: number;
  buildSeconds: number;
  rssBaseMB: number;
  rssBuiltMB: number;
  rssQueriedMB: number;
  sweep: SweepPoint[];
  chosen: string;
  final: Record<Variant, SweepPoint>;
  snapshotBytes: number;
  saveSeconds: number;
  reopenSeconds: number;
  reopenSameAnswers: number;
  totalSeconds: number;
  /** 1-min load average at start, after build and at the end (the machine may be shared). */
  loadAvg: number[];
}

function arg(name: string, def?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  if (def === undefined) throw new Error(`--${name} required`);
  return def;
}

async function main(): Promise<void> {
  const started = performance.now();
  const peerName = arg('peer');
  const n = Number(arg('n'));
  const q = Number(arg('q'));
  const cache = arg('cache');
  const target = Number(arg('target', '0.95'));
  const maxQueries = Number(arg('max-queries', String(q)));
  const out = arg('out');
  const work = arg('work');
  const log = (s: string) => process.stderr.write(`  [${peerName} n=${n}] ${s}\n`);

  const ds = loadDataset(cache, DEFAULT_SPEC, n, q);
  const truth = loadTruth(cache, DEFAULT_SPEC, n, q);
  const nq = Math.min(q, maxQueries);
  const peer = PEERS[peerName]();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const load = [loadavg()[0]];
  const rssBaseMB = rssMB();
  let t = performance.now();
  await peer.build(ds, work);
  const buildSeconds = (performance.now() - t) / 1000;
  const rssBuiltMB = rssMB();
  load.push(loadavg()[0]);
  log(`built in ${buildSeconds.toFixed(1)} s, RSS +${(rssBuiltMB - rssBaseMB).toFixed(0)} MB`);

  const pass = async (variant: Variant, count: number): Promise<SweepPoint & { results: number[][] }> => {
    const lat: number[] = [];
    let recall = 0;
    const results: number[][] = [];
    for (let i = 0; i < count; i++) {
      const qv = row(ds.queries, i, ds.dim);
      const f = filterFor(variant, i);
      const t0 = performance.now();
      let r = peer.search(qv, 10, f);
      if (r instanceof Promise) r = await r;
      lat.push(performance.now() - t0);
      recall += recallAt(truth, variant, i, r);
      results.push(r);
    }
    return { label: '', recall: recall / count, ...stats(lat), results };
  };
  const warm = async (variant: Variant) => {
    for (let i = 0; i < Math.min(20, nq); i++) {
      const r = peer.search(row(ds.queries, nq - 1 - i, ds.dim), 10, filterFor(variant, i));
      if (r instanceof Promise) await r;
    }
  };

  const sweep: SweepPoint[] = [];
  let chosen: Setting;
  const settings = peer.settings();
  for (const s of settings.length > 1 ? settings : []) {
    await peer.use(s, work);
    await warm('none');
    const p = await pass('none', nq);
    sweep.push({ label: s.label, recall: p.recall, p50: p.p50, p99: p.p99, mean: p.mean });
    log(`${s.label}: recall@10 ${p.recall.toFixed(4)} p50 ${p.p50.toFixed(3)} ms p99 ${p.p99.toFixed(3)} ms`);
  }
  // The fastest (mean latency) setting that reaches the target; else the most accurate one.
  const reaching = sweep.filter((p) => p.recall >= target);
  const pickLabel = reaching.length
    ? reaching.reduce((a, b) => (b.mean < a.mean ? b : a)).label
    : sweep.length
      ? sweep.reduce((a, b) => (b.recall > a.recall ? b : a)).label
      : settings[0].label;
  chosen = settings.find((s) => s.label === pickLabel)!;
  await peer.use(chosen, work);
  const final = {} as Record<Variant, SweepPoint>;
  let firstAnswers: number[][] = [];
  for (const v of VARIANTS) {
    await warm(v);
    const p = await pass(v, nq);
    if (v === 'none') firstAnswers = p.results;
    final[v] = { label: chosen.label, recall: p.recall, p50: p.p50, p99: p.p99, mean: p.mean };
    if (v === 'none' && !sweep.length) sweep.push(final[v]);
    log(`at ${chosen.label}, filter ${v}: recall@10 ${p.recall.toFixed(4)} p50 ${p.p50.toFixed(3)} ms p99 ${p.p99.toFixed(3)} ms`);
  }
  const rssQueriedMB = rssMB();

  t = performance.now();
  const snapshotBytes = await peer.save(work);
  const saveSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await peer.reopen(work);
  await peer.use(chosen, work);
  const first = peer.search(row(ds.queries, 0, ds.dim), 10);
  if (first instanceof Promise) await first;
  const reopenSeconds = (performance.now() - t) / 1000;
  let same = 0;
  const check = Math.min(nq, 10);
  for (let i = 0; i < check; i++) {
    let r = peer.search(row(ds.queries, i, ds.dim), 10);
    if (r instanceof Promise) r = await r;
    same += r.filter((x) => firstAnswers[i].includes(x)).length / 10;
  }
  await peer.close();
  rmSync(work, { recursive: true, force: true });

  const result: PeerResult = {
    peer: peerName,
    packages: peer.packages,
    indexKind: peer.indexKind,
    filterHow: peer.filterHow,
    notes: peer.notes,
    n,
    queries: nq,
    target,
    buildSeconds,
    rssBaseMB,
    rssBuiltMB,
    rssQueriedMB,
    sweep,
    chosen: chosen.label,
    final,
    snapshotBytes,
    saveSeconds,
    reopenSeconds,
    reopenSameAnswers: same / check,
    totalSeconds: (performance.now() - started) / 1000,
    loadAvg: [...load, loadavg()[0]],
  };
  writeFileSync(out, JSON.stringify(result, null, 2));
  log(`done in ${result.totalSeconds.toFixed(0)} s (${ECONOMIES.length} economies)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
