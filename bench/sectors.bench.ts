import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/common/paths';
import { SectorInference } from '../src/sectors/sector-inference.service';
import { printTable } from './table';

/**
 * `npm run bench:sectors`: sector inference measured where sectors are given (the demo data).
 * Each record's sectors are hidden, inferred from the text the service uses (name, technologies
 * and description; an item's title and description), and compared at the division level: top-1
 * (the first inferred code's division is one of the record's) and top-3 (any of the three is).
 */
interface DemoRecord {
  type: string;
  sectors: string[];
  text: string;
}

function demoRecords(): DemoRecord[] {
  const dir = join(projectRoot(), 'seeds', 'demo');
  const out: DemoRecord[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ndjson')).sort())
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as Record<string, unknown>;
      const sectors = (r.sectors as string[] | undefined) ?? [];
      if (!sectors.length) continue;
      const parts =
        r.type === 'item'
          ? [r.title, r.description]
          : [r.name, ((r.technologies as string[] | undefined) ?? []).join(', '), r.description];
      out.push({ type: String(r.type), sectors, text: parts.filter(Boolean).join('\n') });
    }
  return out;
}

function main(): void {
  const inference = new SectorInference();
  const records = demoRecords();
  const rows: Record<string, { n: number; top1: number; top3: number; ms: number }> = {};
  for (const r of records) {
    const divisions = new Set(r.sectors.map((s) => s.slice(0, 2)));
    const started = performance.now();
    const inferred = inference.infer(r.text);
    const ms = performance.now() - started;
    const hit = (k: number) =>
      inferred.slice(0, k).some((s) => divisions.has(s.code.slice(0, 2))) ? 1 : 0;
    for (const key of [r.type, 'all']) {
      const row = (rows[key] ??= { n: 0, top1: 0, top3: 0, ms: 0 });
      row.n += 1;
      row.top1 += hit(1);
      row.top3 += hit(3);
      row.ms += ms;
    }
  }
  printTable(
    'Sector inference on the demo data (division level)',
    ['records', 'n', 'top-1', 'top-3', 'ms / record'],
    ['cluster', 'member', 'item', 'all']
      .filter((k) => rows[k])
      .map((k) => [
        k,
        String(rows[k].n),
        (rows[k].top1 / rows[k].n).toFixed(3),
        (rows[k].top3 / rows[k].n).toFixed(3),
        (rows[k].ms / rows[k].n).toFixed(2),
      ]),
  );
}

main();
