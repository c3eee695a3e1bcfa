// The web app's first load: every JS file the built index.html pulls in (its module script and
// module preloads), gzipped. Fails the build above the budget (issue 13: at most 250 kB of
// JavaScript gzipped). Chunks loaded later on demand (the charts) are listed but not counted.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const web = join(import.meta.dirname, '..', 'dist', 'web');
const html = readFileSync(join(web, 'index.html'), 'utf8');
const firstLoad = new Set(
  [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1],
  ),
);
const gz = (file) => gzipSync(readFileSync(join(web, file))).length;
const all = readdirSync(join(web, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `assets/${f}`);
const total = [...firstLoad].reduce((n, f) => n + gz(f), 0);
const later = all.filter((f) => !firstLoad.has(f));
console.log(
  `web app: first load ${firstLoad.size} JS file(s), ${(total / 1024).toFixed(1)} kB gzipped (budget ${BUDGET / 1024} kB)` +
    (later.length
      ? `; on demand: ${later.map((f) => `${f.replace(/^assets\//, '')} ${(gz(f) / 1024).toFixed(1)} kB`).join(', ')}`
      : ''),
);
if (!firstLoad.size) {
  console.error('web app: index.html loads no script');
  process.exit(1);
}
if (total > BUDGET) {
  console.error('web app: over the first-load budget');
  process.exit(1);
}
