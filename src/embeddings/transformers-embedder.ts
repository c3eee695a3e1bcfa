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
  /** Model processes to run (each holds the model in memory); 1 when not given. */
  processes?: number;
  /** Reachability probe for the hub, injectable for tests. */
  probeHub?: (model: string, revision: string) => Promise<string | undefined>;
}

type Reply =
  | { type: 'loaded'; dimension: number; maxTokens: number }
  | { type: 'embedded'; id: number; data: Float32Array; rows: number; dimension: number }
  | { type: 'error'; id?: number; message: string };

type Embedded = Extract<Reply, { type: 'embedded' }>;

export class ModelUnavailableError extends Error {}

const CHILD = join(projectRoot(), 'src', 'embeddings', 'transformers-process.mjs');
const HUB = 'https://huggingface.co';

/** One model process: the child, its pending calls (by id), and the load protocol. */
class ModelProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  calls = 0;

  private constructor(private readonly child: ChildProcess) {
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

  /** Calls waiting for this process (the pool gives the next batch to the least busy). */
  get load(): number {
    return this.pending.size;
  }

  static async start(
    options: EmbedderOptions,
    local: boolean,
  ): Promise<{ process: ModelProcess; dimension: number; maxTokens: number }> {
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
      return {
        process: new ModelProcess(child),
        dimension: loaded.dimension,
        maxTokens: loaded.maxTokens,
      };
    } catch (error) {
      child.kill();
      if (error instanceof ModelUnavailableError) throw error;
      throw new ModelUnavailableError(unavailableMessage(options, (error as Error).message));
    }
  }

  call(texts: string[]): Promise<Embedded> {
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

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // An unreferenced child would let the process end before 'exit' arrives, mid-shutdown.
    this.child.ref();
    this.child.kill();
    await exited;
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.child.channel?.unref();
  }
}

interface Batch {
  texts: string[];
  resolve: (reply: Embedded) => void;
  reject: (error: Error) => void;
}

/**
 * The embedder port on @xenova/transformers: feature extraction with mean pooling and
 * normalisation, in child processes (EMBEDDING_PROCESSES of them, each holding the model), batched,
 * truncating at the model's trained length and adding the query/passage prefixes of models that
 * need them. Every process takes batches from one queue, so a bulk embed uses all of them and the
 * service's own event loop only routes messages.
 */
export class TransformersEmbedder extends Embedder {
  /** Batches waiting for a process: queries (searches) first, each queue in arrival order. */
  private readonly waiting: { queries: Batch[]; bulk: Batch[] } = { queries: [], bulk: [] };

  private constructor(
    private readonly processes: ModelProcess[],
    readonly modelId: string,
    readonly dimension: number,
    readonly maxTokens: number,
    private readonly options: EmbedderOptions,
  ) {
    super();
  }

  get modelCalls(): number {
    return this.processes.reduce((n, p) => n + p.calls, 0);
  }

  static async load(options: EmbedderOptions): Promise<TransformersEmbedder> {
    const local = localFilesPresent(options);
    if (!local) {
      const reason = options.allowRemote
        ? await (options.probeHub ?? probeHub)(options.model, options.spec?.revision ?? 'main')
        : 'downloads are disabled (EMBEDDING_REMOTE=false)';
      if (reason) throw new ModelUnavailableError(unavailableMessage(options, reason));
    }
    // The first process loads alone (it may download the model); the others load from disk.
    const first = await ModelProcess.start(options, local);
    const rest = await Promise.allSettled(
      Array.from({ length: Math.max(0, (options.processes ?? 1) - 1) }, () =>
        ModelProcess.start(options, true),
      ),
    );
    const started = [first, ...rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
    const failed = rest.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((s) => s.process.close()));
      throw failed.reason;
    }
    return new TransformersEmbedder(
      started.map((s) => s.process),
      versionedModelId(options.model, options.spec),
      first.dimension,
      first.maxTokens,
      options,
    );
  }

  async embed(texts: readonly string[], role: EmbeddingRole): Promise<Float32Array[]> {
    const prefix = this.options.spec?.prefixes?.[role] ?? '';
    const calls: Promise<Embedded>[] = [];
    for (let i = 0; i < texts.length; i += this.options.batchSize) {
      const batch = texts.slice(i, i + this.options.batchSize).map((t) => prefix + t);
      calls.push(this.schedule(batch, role === 'query'));
    }
    const vectors: Float32Array[] = [];
    for (const reply of await Promise.all(calls))
      for (let r = 0; r < reply.rows; r++)
        vectors.push(reply.data.slice(r * reply.dimension, (r + 1) * reply.dimension));
    return vectors;
  }

  /**
   * Batches wait here and each process takes one at a time, so a search's query waits for one
   * bulk batch at most, never for a whole bulk embed. Queries go ahead of bulk batches but keep
   * their own order: put at the very front, as they once were, a steady stream of searches
   * starved the oldest one for seconds.
   */
  private schedule(texts: string[], query: boolean): Promise<Embedded> {
    return new Promise((resolve, reject) => {
      (query ? this.waiting.queries : this.waiting.bulk).push({ texts, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const process of this.processes) {
      if (process.load > 0) continue;
      const batch = this.waiting.queries.shift() ?? this.waiting.bulk.shift();
      if (!batch) return;
      process
        .call(batch.texts)
        .then(batch.resolve, batch.reject)
        .finally(() => this.dispatch());
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.close()));
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
