import { ECONOMIES } from './data';
import { ms, table } from './measure';
import { PeerResult } from './runner';

/** Markdown tables from the runners' JSON results. */
export interface DataInfo {
  n: number;
  q: number;
  lid: number;
  cos1: number;
  cos10: number;
  spec: string;
}

const mbs = (x: number) => x.toFixed(0);

/**
 * Mean latency at exactly the target recall, interpolated on the lower envelope of the sweep's
 * (recall, mean ms) points: the fastest point at or above the target and the fastest below it.
 */
export function latencyAtRecall(r: PeerResult): number {
  const t = r.target;
  const above = r.sweep.filter((s) => s.recall >= t);
  if (!above.length) return NaN;
  const hi = above.reduce((a, b) => (b.mean < a.mean ? b : a));
  const below = r.sweep.filter((s) => s.recall < t && s.mean < hi.mean);
  if (!below.length) return hi.mean;
  const lo = below.reduce((a, b) => (b.recall > a.recall ? b : a));
  return lo.mean + ((t - lo.recall) / (hi.recall - lo.recall)) * (hi.mean - lo.mean);
}
const qps = (meanMs: number) => (1000 / meanMs).toFixed(0);

export function report(data: DataInfo[], results: PeerResult[]): string {
  const out: string[] = [];
  out.push(
    table(
      'Data sets (384-d unit vectors: sum of 3 of 1,000 centroids + power-law anisotropic noise; queries not in the set)',
      ['vectors', 'queries with exact truth', 'LID (MLE, k=10)', 'mean cos to 1st NN', 'mean cos to 10th NN', 'spec'],
      data.map((d) => [d.n.toLocaleString('en'), String(d.q), d.lid.toFixed(1), d.cos1.toFixed(3), d.cos10.toFixed(3), d.spec]),
    ),
  );
  for (const n of [...new Set(results.map((r) => r.n))].sort((a, b) => a - b)) {
    const at = results.filter((r) => r.n === n);
    const hnswLike = at.filter((r) => r.sweep.every((s) => /^ef=\d+$/.test(s.label)) && r.sweep.length > 1);
    if (hnswLike.length) {
      const labels = hnswLike[0].sweep.map((s) => s.label);
      out.push(
        table(
          `recall@10 and latency (ms, one query at a time, k=10) vs ef — ${n.toLocaleString('en')} vectors, HNSW M=16 efConstruction=200`,
          ['ef', ...hnswLike.flatMap((r) => [`${r.peer} recall`, 'p50', 'p99'])],
          labels.map((l) => [
            l.replace('ef=', ''),
            ...hnswLike.flatMap((r) => {
              const s = r.sweep.find((x) => x.label === l)!;
              return [s.recall.toFixed(4), ms(s.p50), ms(s.p99)];
            }),
          ]),
        ),
      );
    }
    for (const r of at.filter((x) => !hnswLike.includes(x) && x.sweep.length > 1))
      out.push(
        table(
          `${r.peer} search settings — ${n.toLocaleString('en')} vectors, ${r.indexKind}`,
          ['setting', 'recall@10', 'p50 ms', 'p99 ms', 'mean ms'],
          r.sweep.map((s) => [s.label, s.recall.toFixed(4), ms(s.p50), ms(s.p99), ms(s.mean)]),
        ),
      );
    out.push(
      table(
        `Peers at recall@10 ≥ ${at[0].target} (fastest setting reaching it) — ${n.toLocaleString('en')} vectors, k=10, single query at a time`,
        ['peer', 'index', 'build s', 'RSS Δ after build MB', 'RSS Δ after queries MB', 'snapshot MB', 'save s', 'reopen s', 'setting', 'recall@10', 'p50 ms', 'p99 ms', 'QPS (1 thread)', `mean ms at recall ${at[0].target} (interp.)`, 'queries'],
        at.map((r) => [
          r.peer,
          r.indexKind,
          r.buildSeconds.toFixed(1),
          mbs(r.rssBuiltMB - r.rssBaseMB),
          mbs(r.rssQueriedMB - r.rssBaseMB),
          (r.snapshotBytes / 1048576).toFixed(0),
          r.saveSeconds.toFixed(2),
          r.reopenSeconds.toFixed(2),
          r.chosen,
          r.final.none.recall.toFixed(4),
          ms(r.final.none.p50),
          ms(r.final.none.p99),
          qps(r.final.none.mean),
          ms(latencyAtRecall(r)),
          String(r.queries),
        ]),
      ),
    );
    const ex = (100 / ECONOMIES.length).toFixed(1);
    out.push(
      table(
        `Filtered kNN at the same setting — ${n.toLocaleString('en')} vectors: "exclude one economy" removes ${ex}% of rows, "only two economies" keeps ${(200 / ECONOMIES.length).toFixed(1)}%; recall against the exact filtered top-10`,
        ['peer', 'exclude: recall@10', 'p50 ms', 'p99 ms', 'only-2: recall@10', 'p50 ms', 'p99 ms', 'how'],
        at.map((r) => [
          r.peer,
          r.final.exclude.recall.toFixed(4),
          ms(r.final.exclude.p50),
          ms(r.final.exclude.p99),
          r.final.only.recall.toFixed(4),
          ms(r.final.only.p50),
          ms(r.final.only.p99),
          r.filterHow,
        ]),
      ),
    );
    out.push(
      table(
        `Versions and run notes — ${n.toLocaleString('en')} vectors`,
        ['peer', 'packages', 'notes', 'runner wall s', 'load avg (start/built/end)'],
        at.map((r) => [r.peer, r.packages.join(', '), r.notes.join('; '), r.totalSeconds.toFixed(0), (r.loadAvg ?? []).map((x) => x.toFixed(1)).join(' / ')]),
      ),
    );
  }
  return out.join('\n');
}
