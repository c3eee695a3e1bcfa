import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { projectRoot } from '../common/paths';
import { MANIFEST_PATH, ModelManifest, readModelManifest } from './model-manifest';

/**
 * `npm run models:fetch -- [--model ID] [--from DIR] [--to DIR] [--pin]`: puts a model's files
 * into models/ (or --to) in transformers.js layout, from the Hugging Face hub at the pinned
 * revision, or copied from DIR/<model>/ (--from). Every file is checked against its SHA-256 in
 * models/manifest.json; a mismatch is refused and the file removed. A file without a pinned hash
 * is refused too, unless --pin: then its hash is recorded in the manifest (commit it).
 */
interface Args {
  model?: string;
  from?: string;
  to: string;
  pin: boolean;
  manifest: string;
}

export interface FetchReport {
  file: string;
  outcome: 'present' | 'fetched' | 'pinned';
  sha256: string;
}

export class FetchRefused extends Error {}

export async function fetchModel(
  args: Args,
  log: (line: string) => void = () => undefined,
): Promise<FetchReport[]> {
  const manifest = readModelManifest(args.manifest);
  const model = args.model ?? manifest.default;
  const spec = manifest.models[model];
  if (!spec)
    throw new FetchRefused(
      `${model} is not in ${args.manifest}; add it with its revision and files first`,
    );
  const reports: FetchReport[] = [];
  let pinned = false;
  for (const [file, expected] of Object.entries(spec.files)) {
    const target = join(args.to, model, file);
    if (expected && existsSync(target) && (await sha256(target)) === expected) {
      reports.push({ file, outcome: 'present', sha256: expected });
      continue;
    }
    const partial = `${target}.partial`;
    mkdirSync(dirname(target), { recursive: true });
    const source = args.from
      ? join(resolve(args.from), model, file)
      : `https://huggingface.co/${model}/resolve/${spec.revision}/${file}`;
    log(`${file} ← ${source}`);
    await copyTo(source, partial);
    const actual = await sha256(partial);
    if (expected && actual !== expected) {
      rmSync(partial, { force: true });
      throw new FetchRefused(
        `${file}: SHA-256 ${actual} does not match the pinned ${expected}; refused`,
      );
    }
    if (!expected && !args.pin) {
      rmSync(partial, { force: true });
      throw new FetchRefused(
        `${file} has no pinned SHA-256 in the manifest; run again with --pin to trust this copy and record ${actual}`,
      );
    }
    renameSync(partial, target);
    if (!expected) {
      spec.files[file] = actual;
      pinned = true;
    }
    reports.push({ file, outcome: expected ? 'fetched' : 'pinned', sha256: actual });
  }
  if (pinned) writeManifest(args.manifest, manifest);
  return reports;
}

async function copyTo(source: string, target: string): Promise<void> {
  const input = source.startsWith('https://') ? await download(source) : createReadStream(source);
  const out = await open(target, 'w');
  await pipeline(input, out.createWriteStream());
  const synced = await open(target, 'r+');
  await synced.sync();
  await synced.close();
}

async function download(url: string): Promise<Readable> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30 * 60 * 1000) });
  if (!res.ok || !res.body) throw new FetchRefused(`${url} answered ${res.status}`);
  return Readable.fromWeb(res.body);
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function writeManifest(path: string, manifest: ModelManifest): void {
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { to: join(projectRoot(), 'models'), pin: false, manifest: MANIFEST_PATH };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--pin') args.pin = true;
    else if (flag === '--model') args.model = argv[++i];
    else if (flag === '--from') args.from = argv[++i];
    else if (flag === '--to') args.to = resolve(argv[++i]);
    else if (flag === '--manifest') args.manifest = resolve(argv[++i]);
    else
      throw new FetchRefused(
        `unknown argument ${flag} (usage: npm run models:fetch -- [--model ID] [--from DIR] [--to DIR] [--pin])`,
      );
  }
  return args;
}

if (require.main === module) {
  fetchModel(parseArgs(process.argv.slice(2)), (line) => process.stderr.write(`${line}\n`))
    .then((reports) => {
      for (const r of reports)
        process.stdout.write(`${r.outcome.padEnd(8)} ${r.sha256}  ${r.file}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`models:fetch: ${(error as Error).message}\n`);
      process.exit(1);
    });
}
