import { HierarchicalNSW } from 'hnswlib-node';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { HnswPartition, PartitionState } from './hnsw-partition';
import { HnswVectorIndex } from './hnsw-vector-index';
import { IndexMeta, IndexParams, PARTITIONS, Partition } from './vector-index';

/**
 * Index snapshots on disk: per partition the hnswlib graph and its entries (label, key, metadata),
 * and a manifest naming the model, the dimension, the graph parameters, the change-log watermark
 * the index reflects, and the SHA-256 of every file. The manifest is written last and renamed into
 * place, so a crash mid-write leaves the previous snapshot intact. Files are verified before
 * hnswlib reads them: a damaged file never reaches native code.
 */
/** 2: records with several chunks (`<key>#<n>` points). */
export const SNAPSHOT_FORMAT = 2;
const MANIFEST = 'snapshot.json';

export interface SnapshotManifest {
  format: number;
  modelId: string;
  dimension: number;
  params: IndexParams;
  watermark: number;
  createdAt: string;
  partitions: Record<
    Partition,
    {
      graph: string;
      entries: string;
      count: number;
      nextLabel: number;
      sha256: { graph: string; entries: string };
    }
  >;
}

export type SnapshotProblem = 'missing' | 'corrupt' | 'mismatch';

export class SnapshotUnusable extends Error {
  constructor(
    readonly problem: SnapshotProblem,
    detail: string,
  ) {
    super(`index snapshot ${problem}: ${detail}`);
  }
}

export async function writeSnapshot(
  dir: string,
  index: HnswVectorIndex,
  watermark: number,
): Promise<SnapshotManifest> {
  await mkdir(dir, { recursive: true });
  const generation = `${Date.now()}-${randomBytes(3).toString('hex')}`;
  const partitions = {} as SnapshotManifest['partitions'];
  for (const p of PARTITIONS) {
    const partition = index.partitions[p];
    const graph = `${generation}.${p}.hnsw`;
    const entries = `${generation}.${p}.entries.ndjson`;
    await partition.hnsw.writeIndex(join(dir, graph));
    await writeEntries(join(dir, entries), partition.state());
    partitions[p] = {
      graph,
      entries,
      count: partition.size,
      nextLabel: partition.state().nextLabel,
      sha256: {
        graph: await sha256File(join(dir, graph)),
        entries: await sha256File(join(dir, entries)),
      },
    };
  }
  const manifest: SnapshotManifest = {
    format: SNAPSHOT_FORMAT,
    modelId: index.modelId,
    dimension: index.dimension,
    params: index.params,
    watermark,
    createdAt: new Date().toISOString(),
    partitions,
  };
  await writeFileDurably(join(dir, `${MANIFEST}.tmp`), JSON.stringify(manifest, null, 2));
  await rename(join(dir, `${MANIFEST}.tmp`), join(dir, MANIFEST));
  await removeOtherGenerations(dir, generation);
  return manifest;
}

/** Loads a snapshot made for this model, dimension and graph parameters, or says why it cannot. */
export async function readSnapshot(
  dir: string,
  expected: { modelId: string; dimension: number; params: IndexParams },
): Promise<{ index: HnswVectorIndex; manifest: SnapshotManifest }> {
  const manifest = await readManifest(dir);
  const mismatch = [
    manifest.format !== SNAPSHOT_FORMAT && `format ${manifest.format}`,
    manifest.modelId !== expected.modelId &&
      `model ${manifest.modelId} (expected ${expected.modelId})`,
    manifest.dimension !== expected.dimension &&
      `dimension ${manifest.dimension} (expected ${expected.dimension})`,
    (manifest.params?.m !== expected.params.m ||
      manifest.params?.efConstruction !== expected.params.efConstruction) &&
      `graph parameters M=${manifest.params?.m} efConstruction=${manifest.params?.efConstruction}`,
  ].filter(Boolean);
  if (mismatch.length) throw new SnapshotUnusable('mismatch', mismatch.join(', '));

  const partitions = {} as Record<Partition, HnswPartition>;
  for (const p of PARTITIONS) {
    const info = manifest.partitions?.[p];
    if (!info) throw new SnapshotUnusable('corrupt', `partition ${p} is missing from the manifest`);
    for (const [file, hash] of [
      [info.graph, info.sha256.graph],
      [info.entries, info.sha256.entries],
    ]) {
      if (!existsSync(join(dir, file))) throw new SnapshotUnusable('corrupt', `${file} is missing`);
      if ((await sha256File(join(dir, file))) !== hash)
        throw new SnapshotUnusable('corrupt', `${file} does not match its checksum`);
    }
    const hnsw = new HierarchicalNSW('cosine', expected.dimension);
    await hnsw.readIndex(join(dir, info.graph), true);
    const entries = await readEntries(join(dir, info.entries));
    if (entries.size !== info.count)
      throw new SnapshotUnusable(
        'corrupt',
        `${info.entries} holds ${entries.size} entries, the manifest ${info.count}`,
      );
    const state: PartitionState = { entries, nextLabel: info.nextLabel };
    partitions[p] = new HnswPartition(expected.dimension, expected.params, { hnsw, state });
  }
  return {
    index: new HnswVectorIndex(manifest.modelId, manifest.dimension, expected.params, partitions),
    manifest,
  };
}

async function readManifest(dir: string): Promise<SnapshotManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new SnapshotUnusable('missing', `no ${MANIFEST} in ${dir}`);
  }
  try {
    return JSON.parse(text) as SnapshotManifest;
  } catch {
    throw new SnapshotUnusable('corrupt', `${MANIFEST} is not valid JSON`);
  }
}

async function writeEntries(path: string, state: PartitionState): Promise<void> {
  const out = createWriteStream(path);
  for (const [label, { key, meta }] of state.entries) {
    if (!out.write(`${JSON.stringify([label, key, meta])}\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  const handle = await open(path, 'r+');
  await handle.sync();
  await handle.close();
}

async function readEntries(path: string): Promise<PartitionState['entries']> {
  const entries: PartitionState['entries'] = new Map();
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    try {
      const [label, key, meta] = JSON.parse(line) as [number, string, IndexMeta];
      entries.set(label, { key, meta });
    } catch {
      throw new SnapshotUnusable('corrupt', `${path} has an unreadable line`);
    }
  }
  return entries;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function writeFileDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  await handle.writeFile(text);
  await handle.sync();
  await handle.close();
}

async function removeOtherGenerations(dir: string, keep: string): Promise<void> {
  for (const file of await readdir(dir)) {
    if (/^\d+-[0-9a-f]{6}\./.test(file) && !file.startsWith(`${keep}.`))
      await rm(join(dir, file), { force: true });
  }
}
