import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChildProcess, fork } from 'node:child_process';
import { projectRoot } from '../common/paths';
import { Embedder, EmbeddingRole } from './embedder';
import { ModelSpec, versionedModelId } from './model-manifest';

export interface EmbedderOptions {
  model: string;
  spec?: ModelSpec;
  /** Folder holding `<model>/…` in transformers.js layout. */
  modelDir: string;
  allowRemote: boolean;
  /** Bound on loading (a download included): start-up fails rather than hangs. */
  loadTimeoutMs: number;
  batchSize: number;
  /** Reachability probe for the hub, injectable for tests. */
  probeHub?: (model: string, revision: string) => Promise<string | undefined>;
}

type Reply =
  | { type: 'loaded'; dimension: number; maxTokens: number }
  | { type: 'embedded'; id: number; data: Float32Array; rows: number; dimension: number }
  | { type: 'error'; id?: number; message: string };

export class ModelUnavailableError extends Error {}

const CHILD = join(projectRoot(), 'src', 'embeddings', 'transformers-process.mjs');
const HUB = 'https://huggingface.co';

/**
 * The embedder port on @xenova/transformers: feature extraction with mean pooling and
 * normalisation, in a child process, batched, truncating at the model's trained length and adding
 * the query/passage prefixes of models that need them.
 */
export class TransformersEmbedder extends Embedder {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  private calls = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly modelId: string,
    readonly dimension: number,
    readonly maxTokens: number,
    private readonly options: EmbedderOptions,
  ) {
    super();
    child.on('message', (reply: Reply) => {
      if (reply.type === 'loaded' || reply.id === undefined) return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      // Idle, the channel must not keep the service alive; busy, it must.
      if (!this.pending.size) this.child.channel?.unref();
      waiter?.resolve(reply);
    });
    child.on('error', (error) => this.failAll(error));
    child.on('exit', (code, signal) =>
      this.failAll(new Error(`the embedding process stopped (${signal ?? code})`)),
    );
    child.unref();
    child.channel?.unref();
  }

  get modelCalls(): number {
    return this.calls;
  }

  static async load(options: EmbedderOptions): Promise<TransformersEmbedder> {
    const local = localFilesPresent(options);
    if (!local) {
      const reason = options.allowRemote
        ? await (options.probeHub ?? probeHub)(options.model, options.spec?.revision ?? 'main')
        : 'downloads are disabled (EMBEDDING_REMOTE=false)';
      if (reason) throw new ModelUnavailableError(unavailableMessage(options, reason));
    }
    const child = fork(CHILD, [], {
      serialization: 'advanced',
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const loaded = await withTimeout(
        new Promise<Reply>((resolve, reject) => {
          child.once('message', resolve);
          child.once('error', reject);
          child.once('exit', (code) =>
            reject(new Error(`the embedding process exited (${code}) while loading`)),
          );
          child.send({
            type: 'load',
            model: options.model,
            revision: options.spec?.revision ?? 'main',
            localModelPath: options.modelDir,
            cacheDir: join(options.modelDir, '.cache'),
            allowRemote: options.allowRemote && !local,
            maxTokens: options.spec?.maxTokens,
          });
        }),
        options.loadTimeoutMs,
        `loading the model took longer than EMBEDDING_LOAD_TIMEOUT_MS=${options.loadTimeoutMs}`,
      );
      if (loaded.type !== 'loaded')
        throw new ModelUnavailableError(
          unavailableMessage(
            options,
            loaded.type === 'error' ? loaded.message : 'unexpected reply',
          ),
        );
      if (options.spec && loaded.dimension !== options.spec.dimension) {
        throw new ModelUnavailableError(
          `model ${options.model} produces ${loaded.dimension} dimensions, models/manifest.json says ${options.spec.dimension}`,
        );
      }
      child.removeAllListeners();
      return new TransformersEmbedder(
        child,
        versionedModelId(options.model, options.spec),
        loaded.dimension,
        loaded.maxTokens,
        options,
      );
    } catch (error) {
      child.kill();
      if (error instanceof ModelUnavailableError) throw error;
      throw new ModelUnavailableError(unavailableMessage(options, (error as Error).message));
    }
  }

  async embed(texts: readonly string[], role: EmbeddingRole): Promise<Float32Array[]> {
    const prefix = this.options.spec?.prefixes?.[role] ?? '';
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.options.batchSize) {
      const batch = texts.slice(i, i + this.options.batchSize).map((t) => prefix + t);
      const reply = await this.call(batch);
      for (let r = 0; r < reply.rows; r++)
        vectors.push(reply.data.slice(r * reply.dimension, (r + 1) * reply.dimension));
    }
    return vectors;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // An unreferenced child would let the process end before 'exit' arrives, mid-shutdown.
    this.child.ref();
    this.child.kill();
    await exited;
  }

  private call(texts: string[]): Promise<Extract<Reply, { type: 'embedded' }>> {
    const id = this.nextId++;
    this.calls += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) =>
          reply.type === 'embedded'
            ? resolve(reply)
            : reject(new Error(reply.type === 'error' ? reply.message : 'unexpected reply')),
        reject,
      });
      this.child.channel?.ref();
      this.child.send({ type: 'embed', id, texts });
    });
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.child.channel?.unref();
  }
}

function localFilesPresent(o: EmbedderOptions): boolean {
  const files = o.spec
    ? Object.keys(o.spec.files)
    : ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx'];
  return files.every((f) => existsSync(join(o.modelDir, o.model, f)));
}

/** undefined when the hub answers; otherwise why not. Bounded: never hangs start-up. */
async function probeHub(model: string, revision: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${HUB}/${model}/resolve/${revision}/config.json`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(10000),
      redirect: 'manual',
    });
    return res.status < 400 ? undefined : `the hub answered ${res.status} for ${model}@${revision}`;
  } catch (error) {
    return `the Hugging Face hub could not be reached (${(error as Error).message})`;
  }
}

function unavailableMessage(o: EmbedderOptions, reason: string): string {
  return [
    `Embedding model '${o.model}' is not available: ${reason}.`,
    `It is not (completely) present under EMBEDDING_MODEL_DIR=${o.modelDir} (expected ${join(o.modelDir, o.model)}/…).`,
    'Provide it in one of these ways:',
    '  - where the hub is reachable:            npm run models:fetch   (downloads and verifies into models/)',
    '  - from a folder or machine that has it:  npm run models:fetch -- --from /path/to/models',
    '  - point EMBEDDING_MODEL_DIR at a folder holding <model>/config.json, tokenizer.json, onnx/model_quantized.onnx',
    '  - offline tests and demos only:          EMBEDDING_MODEL_DIR=../shared/models EMBEDDING_MODEL=fixtures/bow-hash-384 (a fixture without semantics)',
  ].join('\n');
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]).finally(() => clearTimeout(timer));
}
