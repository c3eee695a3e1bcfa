import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ClustersRepository } from '../clusters/clusters.repository';
import { APP_CONFIG } from '../common/config/config.module';
import { AppConfig } from '../common/config/app-config';
import { slice } from '../common/slices';
import { Embedder } from '../embeddings/embedder';
import { EntityRef, isEmbedded, parseRefKey, refKey } from '../embeddings/embedding';
import { EmbeddingsRepository } from '../embeddings/embeddings.repository';
import { ChangeFeed } from '../infra/change-feed';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';
import { KeywordIndex } from './keyword-index';
import { PartyTextIndex } from './party-text-index';
import { HnswVectorIndex } from './hnsw-vector-index';
import {
  Indexable,
  indexPlacement,
  keywordDoc,
  loadIndexables,
  ownerOf,
  partyOf,
} from './index-entries';
import { SnapshotUnusable, readSnapshot, writeSnapshot } from './index-snapshot';
import { IndexMeta, IndexParams, IndexedVector, Partition, VectorIndex } from './vector-index';

export type ReplicaState = 'starting' | 'rebuilding' | 'ready' | 'stopped';

export interface ReplicaStatus {
  state: ReplicaState;
  modelId: string;
  watermark: number;
  sizes: { profile: number; need: number; offer: number };
  lastSnapshotAt: string | null;
  /** How the replica started: from a snapshot, or by rebuilding (and why). */
  startedFrom: string | null;
}

const PAGE = 1000;

/**
 * This process's replica of the vector index. It starts from the snapshot on disk when that was
 * made for the same model, dimension and graph parameters and is intact, otherwise rebuilds from
 * the stored vectors; then it follows the change log (polling every INDEX_SYNC_INTERVAL_MS) so
 * writes made by any process reach it within that interval plus the embedding time. Changes,
 * rebuilds and snapshots are serialised; searches run alongside.
 */
@Injectable()
export class IndexReplica implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(IndexReplica.name);
  private current?: HnswVectorIndex;
  /** The keyword channel (BM25) over the same records, rebuilt from the store at start. */
  readonly keywords = new KeywordIndex();
  /** BM25 over each party's whole text (its profile and all its needs and offers). */
  /** Notes each record's placement: similar work applies the hard rules without a lookup. */
  readonly partyText = new PartyTextIndex<IndexMeta>();
  /** Partition and metadata of every record, embedded or not (the keyword channel filters on them). */
  readonly placements = new Map<string, { partition: Partition; meta: IndexMeta }>();
  private watermark = 0;
  private state: ReplicaState = 'starting';
  private stopping = false;
  private startedFrom: string | null = null;
  private lastSnapshotAt: string | null = null;
  private lastSnapshotWatermark = -1;
  private queue: Promise<unknown> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private started?: Promise<void>;
  private readonly partyListeners: ((parties: readonly string[] | 'all') => void)[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Embedder) private readonly embedder: Embedder,
    @Inject(EmbeddingsRepository) private readonly embeddings: EmbeddingsRepository,
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
  ) {}

  get params(): IndexParams {
    return {
      m: this.config.index.m,
      efConstruction: this.config.index.efConstruction,
      efSearch: this.config.index.efSearch,
    };
  }

  /** The index, once loaded or built. */
  get index(): VectorIndex | undefined {
    return this.state === 'ready' ? this.current : undefined;
  }

  status(): ReplicaStatus {
    const index = this.current;
    return {
      state: this.state,
      modelId: this.embedder.modelId,
      watermark: this.watermark,
      sizes: {
        profile: index?.size('profile') ?? 0,
        need: index?.size('need') ?? 0,
        offer: index?.size('offer') ?? 0,
      },
      lastSnapshotAt: this.lastSnapshotAt,
      startedFrom: this.startedFrom,
    };
  }

  /** Loads or rebuilds, catches up, then keeps following the change log. */
  start(options: { follow?: boolean } = {}): Promise<void> {
    this.started ??= this.begin(options);
    return this.started;
  }

  /** Resolves once the index is loaded or built and caught up (start() must have been called). */
  whenReady(): Promise<void> {
    return this.started ?? Promise.reject(new Error('the index replica has not been started'));
  }

  private async begin(options: { follow?: boolean }): Promise<void> {
    await this.exclusive(async () => {
      await this.loadRecords();
      await this.loadOrRebuild();
    });
    await this.catchUp();
    if (options.follow !== false) {
      this.timers.push(
        setInterval(
          () =>
            void this.catchUp().catch((e: unknown) =>
              this.logger.error({ err: e }, 'index catch-up failed'),
            ),
          this.config.index.syncIntervalMs,
        ),
      );
      this.timers.push(
        setInterval(
          () =>
            void this.snapshot().catch((e: unknown) =>
              this.logger.error({ err: e }, 'index snapshot failed'),
            ),
          this.config.index.snapshotIntervalMs,
        ),
      );
      for (const t of this.timers) t.unref();
    }
  }

  /** Applies every change written since the watermark. Returns the new watermark. */
  catchUp(): Promise<number> {
    return this.exclusive(async () => {
      if (!this.current) return this.watermark;
      for (;;) {
        // Shutting down: stop after the page in hand (the watermark says where to go on).
        if (this.stopping) return this.watermark;
        const changes = await this.changes.readAfter(this.watermark, PAGE);
        if (!changes.length) return this.watermark;
        const keys = new Set(
          changes
            .filter((c) => c.entity === 'embedding' || isEmbedded(c.entity))
            .map((c) => (c.entity === 'embedding' ? c.entityId : `${c.entity}:${c.entityId}`)),
        );
        await this.refresh([...keys].map(parseRefKey));
        this.watermark = changes[changes.length - 1].seq;
        await slice();
      }
    });
  }

  /** Discards the index and builds it again from the store (the reindex command, or a bad snapshot). */
  rebuild(): Promise<void> {
    return this.exclusive(() => this.build());
  }

  /** Writes the index to INDEX_DIR (only when it changed since the last snapshot). */
  snapshot(force = false): Promise<void> {
    return this.exclusive(async () => {
      if (!this.current || (!force && this.watermark === this.lastSnapshotWatermark)) return;
      const started = Date.now();
      const manifest = await writeSnapshot(this.config.index.dir, this.current, this.watermark);
      this.lastSnapshotAt = manifest.createdAt;
      this.lastSnapshotWatermark = this.watermark;
      this.logger.log(
        { watermark: this.watermark, size: this.current.size(), ms: Date.now() - started },
        'index snapshot written',
      );
    });
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.state === 'ready')
      await this.snapshot().catch((e: unknown) =>
        this.logger.error({ err: e }, 'final index snapshot failed'),
      );
    this.state = 'stopped';
  }

  private async loadOrRebuild(): Promise<void> {
    const started = Date.now();
    try {
      const { index, manifest } = await readSnapshot(this.config.index.dir, {
        modelId: this.embedder.modelId,
        dimension: this.embedder.dimension,
        params: this.params,
      });
      const head = await this.changes.head();
      if (manifest.watermark > head)
        throw new SnapshotUnusable(
          'mismatch',
          `its watermark ${manifest.watermark} is ahead of the store (${head}): another store`,
        );
      this.current = index;
      this.watermark = manifest.watermark;
      this.lastSnapshotWatermark = manifest.watermark;
      this.lastSnapshotAt = manifest.createdAt;
      this.state = 'ready';
      this.startedFrom = `snapshot of ${manifest.createdAt}`;
      this.logger.log(
        { watermark: this.watermark, size: index.size(), ms: Date.now() - started },
        'index loaded from snapshot',
      );
    } catch (error) {
      if (!(error instanceof SnapshotUnusable)) throw error;
      this.logger.warn({ reason: error.message }, 'rebuilding the index');
      await this.build();
      this.startedFrom = `rebuild (${error.message})`;
    }
  }

  private async build(): Promise<void> {
    this.state = 'rebuilding';
    const started = Date.now();
    const head = await this.changes.head();
    const index = new HnswVectorIndex(this.embedder.modelId, this.embedder.dimension, this.params);
    let after: EntityRef | undefined;
    if (!this.placements.size) await this.loadRecords();
    for (;;) {
      const page = await this.embeddings.listByModel(this.embedder.modelId, after, PAGE);
      if (!page.length) break;
      const entries: IndexedVector[] = [];
      for (const e of page) {
        const placement = this.placements.get(refKey(e));
        if (placement) entries.push({ key: refKey(e), vectors: e.vectors, ...placement });
      }
      await upsertInSlices(index, entries);
      after = page[page.length - 1];
    }
    this.current = index;
    this.watermark = head;
    this.lastSnapshotWatermark = -1;
    this.state = 'ready';
    this.tell('all');
    this.logger.log({ size: index.size(), ms: Date.now() - started }, 'index built from the store');
  }

  /**
   * Tells `listener` which parties' records (the party itself or one of its needs and offers) the
   * replica has just applied a change to, or 'all' when it rebuilt: caches of what the store says
   * about parties (the matching engine's) drop exactly those.
   */
  onPartiesChanged(listener: (parties: readonly string[] | 'all') => void): void {
    this.partyListeners.push(listener);
  }

  private tell(parties: readonly string[] | 'all'): void {
    if (parties !== 'all' && !parties.length) return;
    for (const listener of this.partyListeners) listener(parties);
  }

  /** Brings the given records in line with the store: new vectors, new metadata, or removal. */
  private async refresh(refs: EntityRef[]): Promise<void> {
    const index = this.current!;
    const records = await loadIndexables(refs, this.repos);
    // The owners before and after (an item can move to another member).
    const touched = new Set<string>();
    for (const ref of refs) {
      const before = this.placements.get(refKey(ref))?.meta;
      if (before) touched.add(ownerOf(before));
      const record = records.get(refKey(ref));
      if (record) touched.add(partyOf(record));
    }
    this.tell([...touched]);
    const vectors = new Map(
      (await this.embeddings.findMany(this.embedder.modelId, refs)).map((e) => [
        refKey(e),
        e.vectors,
      ]),
    );
    const upserts: IndexedVector[] = [];
    const removals: string[] = [];
    for (const ref of refs) {
      const key = refKey(ref);
      const record = records.get(key);
      if (!record) {
        removals.push(key);
        this.keywords.remove(key);
        this.partyText.removeRecord(key);
        this.placements.delete(key);
        continue;
      }
      this.track(key, record);
      await slice();
      // No vector for this model yet: keep the previous ones (if any) with fresh metadata.
      const chunks = vectors.get(key) ?? index.vectorsOf(key);
      if (chunks.length) upserts.push({ key, vectors: chunks, ...this.placements.get(key)! });
    }
    index.remove(removals);
    await upsertInSlices(index, upserts);
  }

  /** Every record into the keyword channel and the placement map (at start: they are not in snapshots). */
  private async loadRecords(): Promise<void> {
    const started = Date.now();
    const pages: [string, (after?: string) => Promise<{ id: string }[]>][] = [
      ['cluster', (after) => this.clusters.list({}, { limit: PAGE, after })],
      ['member', (after) => this.members.list({}, { limit: PAGE, after })],
      ['item', (after) => this.items.list({}, { limit: PAGE, after })],
    ];
    for (const [entity, list] of pages) {
      let after: string | undefined;
      for (;;) {
        const page = (await list(after)).slice(0, PAGE);
        if (!page.length) break;
        for (const record of page) {
          this.track(`${entity}:${record.id}`, { entity, record } as Indexable);
          await slice();
        }
        after = page[page.length - 1].id;
      }
    }
    this.logger.log(
      { records: this.placements.size, ms: Date.now() - started },
      'keyword channel loaded from the store',
    );
  }

  private track(key: string, record: Indexable): void {
    const placement = indexPlacement(record);
    this.placements.set(key, placement);
    const doc = keywordDoc(key, record);
    this.keywords.upsert(doc);
    this.partyText.upsertRecord(
      key,
      partyOf(record),
      doc.text,
      record.entity === 'item' ? record.record.kind : 'profile',
      placement.meta,
    );
  }

  private get repos() {
    return { clusters: this.clusters, members: this.members, items: this.items };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Vectors go in a few at a time (an HNSW insert is ~1 ms), giving the event loop turns between. */
/**
 * One record at a time (with its chunks): replacing a vector in the graph relinks its neighbours
 * and costs several milliseconds, so slice() decides after each record whether to yield.
 */
async function upsertInSlices(index: HnswVectorIndex, entries: IndexedVector[]): Promise<void> {
  for (const entry of entries) {
    index.upsert([entry]);
    await slice();
  }
}
