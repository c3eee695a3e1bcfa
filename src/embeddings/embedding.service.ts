import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Clock } from '../common/clock/clock';
import { slice } from '../common/slices';
import { ChangeFeed, ConsumerCursors } from '../infra/change-feed';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';
import { SectorInference } from '../sectors/sector-inference.service';
import { Embedder } from './embedder';
import { EmbeddedEntity, EmbeddingRecord, EntityRef, isEmbedded, refKey } from './embedding';
import {
  EmbeddingText,
  clusterEmbeddingText,
  contentHash,
  itemEmbeddingText,
  memberEmbeddingText,
} from './embedding-text';
import { EmbeddingsRepository } from './embeddings.repository';

export interface EmbedRunResult {
  /** Records looked at. */
  checked: number;
  /** Records whose text changed and were embedded (model inputs). */
  embedded: number;
  /** Records whose text had not changed: no model call. */
  unchanged: number;
  /** Deleted records whose vectors were removed. */
  removed: number;
  /** True when this run was a complete pass (a model's first run). */
  full: boolean;
}

const PAGE = 500;
/** Change-log pages in one plan: the cursor moves after each window, so a crash redoes one at most. */
const WINDOW = 20;

/** A window of embedding work: batches of records, and where the cursor goes when all are done. */
export interface EmbedPlan {
  batches: EntityRef[][];
  upTo: number | undefined;
  full: boolean;
}

const emptyResult = (): EmbedRunResult => ({
  checked: 0,
  embedded: 0,
  unchanged: 0,
  removed: 0,
  full: false,
});

/**
 * A record's embedding text, whether it gives no sectors (so they are inferred from it), and
 * whether it holds inferred sectors now (a record that gives sectors and holds none needs no write).
 */
type Current = EmbeddingText & { sectorless: boolean; inferred: boolean };

/**
 * Keeps one vector per record for the configured model, following the change log from a durable
 * cursor. A record is embedded only when its text (or the model) changed: the content hash of
 * (model, text) is compared with the stored one first. The first run with a model makes a complete
 * pass over every record, so changing EMBEDDING_MODEL re-embeds everything.
 */
@Injectable()
export class EmbeddingService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EmbeddingService.name);
  private running?: Promise<EmbedRunResult>;
  /** Set on shutdown: a run stops after the page in hand (the cursor says where to go on). */
  private stopping = false;

  constructor(
    @Inject(Embedder) private readonly embedder: Embedder,
    @Inject(EmbeddingsRepository) private readonly embeddings: EmbeddingsRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(ChangeFeed) private readonly changes: ChangeFeed,
    @Inject(ConsumerCursors) private readonly cursors: ConsumerCursors,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SectorInference) private readonly sectors: SectorInference,
  ) {}

  get cursorName(): string {
    return `embedder:${this.embedder.modelId}`;
  }

  /** Processes everything written since the last run. Concurrent calls share one run. */
  sync(): Promise<EmbedRunResult> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /** Embeds every record again from scratch, for this model (the reindex command). */
  async reembedAll(): Promise<EmbedRunResult> {
    await this.running;
    await this.cursors.reset(this.cursorName);
    return this.sync();
  }

  /** Where the embedder is behind the change log (0: caught up). */
  async lag(): Promise<number> {
    return (await this.changes.head()) - ((await this.cursors.get(this.cursorName)) ?? 0);
  }

  /**
   * The next window of work, as batches any worker can embed: the records changed after the
   * cursor (at most WINDOW pages of the change log), or, on a model's first run, every record.
   * `upTo` is where the cursor goes once every batch is embedded (`advance`); an empty plan with
   * `upTo` undefined means there is nothing to do.
   */
  async plan(): Promise<EmbedPlan> {
    const cursor = await this.cursors.get(this.cursorName);
    if (cursor === undefined) return this.planFullPass();
    const batches: EntityRef[][] = [];
    let upTo: number | undefined;
    for (let page = 0; page < WINDOW && !this.stopping; page++) {
      const changes = await this.changes.readAfter(upTo ?? cursor, PAGE);
      if (!changes.length) break;
      const refs = new Map<string, EntityRef>();
      for (const c of changes)
        if (isEmbedded(c.entity))
          refs.set(`${c.entity}:${c.entityId}`, { entity: c.entity, id: c.entityId });
      if (refs.size) batches.push([...refs.values()]);
      upTo = changes[changes.length - 1].seq;
    }
    return { batches, upTo, full: false };
  }

  /** Embeds these records (one batch of a plan): idempotent, a record whose text is unchanged is skipped. */
  async embedRefs(refs: EntityRef[]): Promise<EmbedRunResult> {
    const result = emptyResult();
    await this.process(refs, result);
    return result;
  }

  /** Moves the cursor past a plan whose batches are all embedded. */
  async advance(plan: EmbedPlan): Promise<void> {
    if (plan.upTo === undefined) return;
    await this.cursors.set(this.cursorName, plan.upTo, this.clock.nowIso());
    if (plan.full)
      this.logger.log(
        { model: this.embedder.modelId, records: plan.batches.flat().length },
        'embedded every record for this model',
      );
  }

  /** The whole run in this process, window after window (the CLIs; the pipeline spreads batches). */
  private async run(): Promise<EmbedRunResult> {
    const result = emptyResult();
    for (;;) {
      if (this.stopping) return result;
      const plan = await this.plan();
      if (plan.upTo === undefined) return result;
      result.full ||= plan.full;
      for (const batch of plan.batches) {
        // Shutting down: the cursor has not moved, so the next start does the window again
        // (records embedded already are skipped by their content hash).
        if (this.stopping) return result;
        await this.process(batch, result);
      }
      await this.advance(plan);
    }
  }

  /** Every record; the cursor moves to the head seen before the pass, so nothing is skipped. */
  private async planFullPass(): Promise<EmbedPlan> {
    const head = await this.changes.head();
    const batches: EntityRef[][] = [];
    for (const [entity, list] of [
      ['cluster', (after?: string) => this.clusters.list({}, { limit: PAGE, after })],
      ['member', (after?: string) => this.members.list({}, { limit: PAGE, after })],
      ['item', (after?: string) => this.items.list({}, { limit: PAGE, after })],
    ] as const) {
      let after: string | undefined;
      for (;;) {
        const page = (await list(after)).slice(0, PAGE);
        if (!page.length) break;
        batches.push(page.map((r) => ({ entity, id: r.id })));
        after = page[page.length - 1].id;
      }
    }
    return { batches, upTo: head, full: true };
  }

  private async process(refs: EntityRef[], result: EmbedRunResult): Promise<void> {
    if (!refs.length) return;
    const texts = await this.currentTexts(refs);
    const stored = new Map(
      (await this.embeddings.findMany(this.embedder.modelId, refs)).map((e) => [refKey(e), e]),
    );
    const stale: { ref: EntityRef; text: Current; hash: string }[] = [];
    for (const ref of refs) {
      result.checked += 1;
      const text = texts.get(refKey(ref));
      if (text === undefined) {
        await this.embeddings.deleteForEntity(ref);
        result.removed += 1;
        continue;
      }
      const hash = contentHash(this.embedder.modelId, text);
      if (stored.get(refKey(ref))?.contentHash === hash) result.unchanged += 1;
      else stale.push({ ref, text, hash });
    }
    if (!stale.length) return;
    // Every chunk of every stale record in one go (the embedder batches them).
    const flat = await this.embedder.embed(
      stale.flatMap((s) => s.text.chunks),
      'passage',
    );
    const at = this.clock.nowIso();
    let next = 0;
    const records: EmbeddingRecord[] = stale.map((s) => ({
      ...s.ref,
      modelId: this.embedder.modelId,
      dimension: this.embedder.dimension,
      contentHash: s.hash,
      vectors: flat.slice(next, (next += s.text.chunks.length)),
      updatedAt: at,
    }));
    await this.embeddings.upsertMany(records);
    result.embedded += records.length;
    await this.inferSectors(stale);
  }

  /**
   * Records that give no sectors get them inferred from the text that just changed; records that
   * give some get none (given sectors are never overwritten, and a stale guess is not kept).
   */
  private async inferSectors(changed: { ref: EntityRef; text: Current }[]): Promise<void> {
    const repositories = { cluster: this.clusters, member: this.members, item: this.items };
    for (const { ref, text } of changed) {
      if (!text.sectorless && !text.inferred) continue;
      await repositories[ref.entity].setInferredSectors(
        ref.id,
        text.sectorless ? this.sectors.infer(text.text) : [],
      );
      await slice();
    }
  }

  /** The embedding text of each record that still exists. */
  private async currentTexts(refs: EntityRef[]): Promise<Map<string, Current>> {
    const ids = (entity: EmbeddedEntity) =>
      refs.filter((r) => r.entity === entity).map((r) => r.id);
    const window = this.embedder.maxTokens;
    const texts = new Map<string, Current>();
    const current = (
      t: EmbeddingText,
      r: { sectors: readonly string[]; inferredSectors: readonly unknown[] },
    ) => ({ ...t, sectorless: !r.sectors.length, inferred: r.inferredSectors.length > 0 });
    for (const c of await this.clusters.findByIds(ids('cluster'))) {
      texts.set(`cluster:${c.id}`, current(clusterEmbeddingText(c, window), c));
      await slice();
    }
    for (const m of await this.members.findByIds(ids('member'))) {
      texts.set(`member:${m.id}`, current(memberEmbeddingText(m, window), m));
      await slice();
    }
    for (const i of await this.items.findByIds(ids('item'))) {
      texts.set(`item:${i.id}`, current(itemEmbeddingText(i, window), i));
      await slice();
    }
    return texts;
  }
}
