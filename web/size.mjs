// The web app's first load: every JS file index.html pulls in, gzipped. Fails the build above the
// budget (issue 13: at most 250 kB of JavaScript gzipped).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const dir = join(import.meta.dirname, '..', 'dist', 'web', 'assets');
const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
const total = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f))).length, 0);
console.log(
  `web app: ${files.length} JS file(s), ${(total / 1024).toFixed(1)} kB gzipped (budget ${BUDGET / 1024} kB)`,
);
if (total > BUDGET) {
  console.error('web app: over the first-load budget');
  process.exit(1);
}
