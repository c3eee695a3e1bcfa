import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreImports } from '../src/app.module';
import { loadConfig } from '../src/common/config/app-config';
import { ImportService } from '../src/import/import.service';

/**
 * `npm run bench:import`: records/s of the bulk import into the embedded store (SQLite file, WAL,
 * synchronous=FULL) for 10k and 100k records — a first import (all created) and a re-import of
 * the same file (all unchanged) — and the peak memory, which must not grow with the file size.
 */
const ECONOMIES = [
  'AU',
  'CA',
  'CL',
  'CN',
  'ID',
  'JP',
  'KR',
  'MY',
  'MX',
  'NZ',
  'PE',
  'PH',
  'SG',
  'TH',
  'TW',
  'US',
  'VN',
];
const SECTORS = ['26', '27', '2610', '21', '10', '03', '62', '72', '29', '30', '01', '35'];
const AREAS = ['trade', 'investment', 'joint_rd', 'hr_exchange', 'training', 'visibility'];
const WORDS =
  'power semiconductor battery lithium hydrogen salmon aquaculture halal logistics robotics biotech vaccine textile cotton copper mining software fintech drone satellite tourism coffee wine timber'.split(
    ' ',
  );

function words(n: number, seed: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ');
}

/** clusters : members : items = 1 : 3 : 4, as in the demo data. */
function writeFile(path: string, records: number): void {
  const fd = openSync(path, 'w');
  let written = 0;
  const lines = {
    push: (line: string) => (writeSync(fd, `${line}\n`), (written += 1)),
    get length() {
      return written;
    },
  };
  let c = 0;
  while (lines.length < records) {
    c += 1;
    const economy = ECONOMIES[c % ECONOMIES.length];
    lines.push(
      JSON.stringify({
        type: 'cluster',
        externalId: `c-${c}`,
        name: `Cluster ${c}`,
        economy,
        region: 'Region',
        description: words(60, c),
        sectors: [SECTORS[c % SECTORS.length]],
        technologies: [words(2, c)],
        languages: ['en'],
        website: 'https://c.example',
        contactEmail: 'c@c.example',
        memberCount: c % 500,
      }),
    );
    for (let m = 1; m <= 3 && lines.length < records; m++) {
      lines.push(
        JSON.stringify({
          type: 'member',
          externalId: `m-${c}-${m}`,
          clusterExternalId: `c-${c}`,
          name: `Member ${c}-${m}`,
          kind: 'sme',
          description: words(35, c + m),
          sectors: [SECTORS[(c + m) % SECTORS.length]],
          contactEmail: 'm@m.example',
        }),
      );
    }
    for (let i = 1; i <= 4 && lines.length < records; i++) {
      const owner = i % 2 ? `c-${c}` : `m-${c}-${i / 2}`;
      lines.push(
        JSON.stringify({
          type: 'item',
          externalId: `i-${c}-${i}`,
          ownerExternalId: owner,
          kind: i % 2 ? 'need' : 'offer',
          area: AREAS[(c + i) % AREAS.length],
          title: words(6, c * i),
          description: words(50, c + i),
          sectors: [SECTORS[(c + i) % SECTORS.length]],
          targetEconomies: i % 3 ? [] : [ECONOMIES[(c + 3) % ECONOMIES.length]],
          languages: ['en'],
          validUntil: '2028-06-30',
        }),
      );
    }
  }
  closeSync(fd);
}

interface Row {
  records: number;
  fileMb: number;
  pass: string;
  seconds: number;
  perSecond: number;
  outcome: string;
  peakRssMb: number;
}

async function measure(dir: string, records: number): Promise<Row[]> {
  const file = join(dir, `import-${records}.ndjson`);
  writeFile(file, records);
  const dataDir = join(dir, `data-${records}`);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'never' });
  @Module({ imports: coreImports(config) })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const imports = app.get(ImportService);
  const rows: Row[] = [];
  for (const pass of ['first import (created)', 're-import (unchanged)']) {
    global.gc?.();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = process.hrtime.bigint();
    const summary = await imports.run(createReadStream(file), 'bench');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    rows.push({
      records,
      fileMb: statSync(file).size / 1024 / 1024,
      pass,
      seconds,
      perSecond: summary.lines / seconds,
      outcome: `c ${summary.created} / u ${summary.updated} / = ${summary.unchanged} / x ${summary.rejected}`,
      peakRssMb: peak / 1024 / 1024,
    });
  }
  await app.close();
  return rows;
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  const dir = mkdtempSync(join(tmpdir(), 'pec-bench-import-'));
  const rows: Row[] = [];
  try {
    for (const n of sizes.length ? sizes : [10_000, 100_000]) rows.push(...(await measure(dir, n)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const header = [
    'records',
    'file MB',
    'pass',
    'seconds',
    'records/s',
    'created / updated / unchanged / rejected',
    'peak RSS MB',
  ];
  const table = rows.map((r) => [
    String(r.records),
    r.fileMb.toFixed(1),
    r.pass,
    r.seconds.toFixed(2),
    r.perSecond.toFixed(0),
    r.outcome,
    r.peakRssMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `bulk import into the embedded store (SQLite, WAL, synchronous=FULL), batch ${loadConfig({}).import.batchSize}, node ${process.version}`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of table) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
