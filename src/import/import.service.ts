import { IntroductionsRepository } from '../introductions/introductions.repository';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClusterEconomyFollowers } from '../clusters/cluster-economy-followers';
import { ClustersRepository } from '../clusters/clusters.repository';
import { Metrics } from '../common/metrics/metrics';
import { slice } from '../common/slices';
import { CollaborationsService } from '../collaborations/collaborations.service';
import { Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { AppConfig } from '../common/config/app-config';
import { notFound } from '../common/errors/domain-error';
import { newId } from '../common/ids';
import { EconomiesRepository } from '../economies/economies.repository';
import { UnitOfWork } from '../infra/unit-of-work';
import { ItemsRepository } from '../items/items.repository';
import { MembersRepository } from '../members/members.repository';
import { ImportOp, ParsedLine, lineIdentity, parseImportLine } from './import-lines';
import {
  Outcome,
  RegistryRepos,
  upsertCluster,
  upsertCollaboration,
  upsertItem,
  upsertMember,
} from './import-upserts';
import { ImportRun, LineRejection } from './import-run';
import { ImportRunsRepository } from './import-runs.repository';
import { BodyDecodingError, StreamTooLargeError, readNdjsonLines } from './ndjson-lines';

export interface ImportSummary extends ImportRun {
  /** The first rejections (all of them are at GET /v1/imports/{id}/rejections). */
  rejections: LineRejection[];
  rejectionsTruncated: boolean;
  /**
   * Lines whose record a later line of the same file wrote again (same type and externalId): the
   * later line wins, and the earlier one is reported here, never silently (the first 1,000).
   */
  superseded: SupersededLine[];
  supersededCount: number;
}

export interface SupersededLine {
  line: number;
  supersededBy: number;
  /** 'cluster:<externalId>', 'item:<externalId>'… */
  record: string;
}

const INLINE_REJECTIONS = 1000;

/**
 * Bulk import of NDJSON: streamed line by line, validated per line, applied in batches. A batch's
 * records and the run's progress (`committedThroughLine`) commit in one transaction, so whatever
 * the run reports as committed survives a crash; re-running a file is idempotent (upsert by
 * externalId, unchanged records are not written).
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger(ImportService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(ImportRunsRepository) private readonly runs: ImportRunsRepository,
    @Inject(EconomiesRepository) private readonly economies: EconomiesRepository,
    @Inject(ClustersRepository) private readonly clusters: ClustersRepository,
    @Inject(MembersRepository) private readonly members: MembersRepository,
    @Inject(ItemsRepository) private readonly items: ItemsRepository,
    @Inject(ClusterEconomyFollowers) private readonly followers: ClusterEconomyFollowers,
    @Inject(CollaborationsService) private readonly collaborations: CollaborationsService,
    @Inject(IntroductionsRepository) private readonly introductions: IntroductionsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  private get repos(): RegistryRepos {
    return {
      clusters: this.clusters,
      members: this.members,
      items: this.items,
      followers: this.followers,
      validity: { today: this.clock.today(), ttlDays: this.config.items.ttlDays },
      collaborations: this.collaborations,
      introductions: this.introductions,
    };
  }

  async run(
    source: AsyncIterable<Buffer | string>,
    label: string,
    onBatch?: (run: ImportRun) => void,
  ): Promise<ImportSummary> {
    const now = this.clock.nowIso();
    const run: ImportRun = {
      id: newId(),
      source: label,
      status: 'running',
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
      lines: 0,
      committedThroughLine: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      error: null,
    };
    await this.runs.start(run);
    const known = new Set((await this.economies.list()).map((e) => e.code));
    const rejections: LineRejection[] = [];
    const lastLineOf = new Map<string, number>();
    const superseded: SupersededLine[] = [];
    let supersededCount = 0;
    let batch: ParsedLine[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const result = await this.applyBatch(run, batch);
      rejections.push(...result.slice(0, Math.max(0, INLINE_REJECTIONS + 1 - rejections.length)));
      batch = [];
      onBatch?.(run);
      await slice();
    };
    try {
      const lines = readNdjsonLines(source, {
        maxLineBytes: this.config.import.maxLineBytes,
        maxBytes: this.config.import.maxBytes,
      });
      for await (const raw of lines) {
        const parsed = parseImportLine(raw, (code) => known.has(code));
        if (parsed.type === 'economy') known.add(parsed.economy.code);
        const identity = lineIdentity(parsed);
        if (identity) {
          const earlier = lastLineOf.get(identity);
          if (earlier !== undefined && ++supersededCount <= INLINE_REJECTIONS)
            superseded.push({ line: earlier, supersededBy: parsed.line, record: identity });
          lastLineOf.set(identity, parsed.line);
        }
        batch.push(parsed);
        if (batch.length >= this.config.import.batchSize) await flush();
      }
      await flush();
      await this.finish(run, 'completed', undefined, supersededCount);
    } catch (error) {
      const expected = error instanceof StreamTooLargeError || error instanceof BodyDecodingError;
      const message = expected ? error.message : 'the import stopped on an internal error';
      if (!expected) this.logger.error({ err: error, importId: run.id }, 'import failed');
      await this.finish(run, 'failed', message, supersededCount);
      throw error;
    }
    return {
      ...run,
      rejections: rejections.slice(0, INLINE_REJECTIONS),
      rejectionsTruncated: run.rejected > INLINE_REJECTIONS,
      superseded,
      supersededCount,
    };
  }

  async get(id: string): Promise<ImportRun> {
    const run = await this.runs.findById(id);
    if (!run) throw notFound('IMPORT.NOT_FOUND', 'Import', id);
    return run;
  }

  async rejections(id: string, afterLine: number, limit: number): Promise<LineRejection[]> {
    await this.get(id);
    return this.runs.rejections(id, afterLine, limit);
  }

  private async finish(
    run: ImportRun,
    status: 'completed' | 'failed',
    error: string | undefined,
    superseded: number,
  ): Promise<void> {
    const at = this.clock.nowIso();
    await this.runs.finish(run.id, status, at, error);
    Object.assign(run, { status, finishedAt: at, updatedAt: at, error: error ?? null });
    const lines = this.metrics.importLines;
    for (const outcome of ['created', 'updated', 'unchanged', 'rejected'] as const)
      lines.inc({ outcome }, run[outcome]);
    lines.inc({ outcome: 'superseded' }, superseded);
  }

  /** Applies one batch atomically; if the batch fails as a whole, each line is retried alone. */
  private async applyBatch(run: ImportRun, batch: ParsedLine[]): Promise<LineRejection[]> {
    const at = this.clock.nowIso();
    let outcomes: Map<number, Outcome>;
    try {
      outcomes = await this.uow.run(async () => {
        const applied = await this.applyLines(batch, at);
        await this.runs.recordBatch(run.id, progress(batch, applied, at));
        return applied;
      });
    } catch (error) {
      this.logger.warn(
        { err: error, importId: run.id },
        'batch failed; applying its lines one by one',
      );
      outcomes = new Map();
      for (const line of batch) {
        const single = await this.applyAlone(() => this.applyLines([line], at), line);
        for (const [k, v] of single) outcomes.set(k, v);
      }
      await this.runs.recordBatch(run.id, progress(batch, outcomes, at));
    }
    const summary = progress(batch, outcomes, at);
    Object.assign(run, {
      lines: summary.lines,
      committedThroughLine: summary.committedThroughLine,
      updatedAt: at,
      created: run.created + summary.created,
      updated: run.updated + summary.updated,
      unchanged: run.unchanged + summary.unchanged,
      rejected: run.rejected + summary.rejections.length,
    });
    return summary.rejections;
  }

  private async applyAlone(
    fn: () => Promise<Map<number, Outcome>>,
    line: ParsedLine,
  ): Promise<Map<number, Outcome>> {
    try {
      return await this.uow.run(fn);
    } catch (error) {
      this.logger.error({ err: error, line: line.line }, 'import line could not be stored');
      return new Map([
        [
          line.line,
          [
            {
              field: '(line)',
              reason: 'could not be stored (internal error, see the service log)',
            },
          ],
        ],
      ]);
    }
  }

  private async applyLines(lines: ParsedLine[], at: string): Promise<Map<number, Outcome>> {
    const outcomes = new Map<number, Outcome>();
    for (const line of lines) {
      if (line.type === 'blank') continue;
      outcomes.set(
        line.line,
        line.type === 'rejected' ? line.problems : await this.applyOp(line, at),
      );
    }
    return outcomes;
  }

  private applyOp(op: ImportOp, at: string): Promise<Outcome> {
    switch (op.type) {
      case 'economy':
        return this.economies.upsert(op.economy, at);
      case 'cluster':
        return upsertCluster(this.repos, op.cluster, at);
      case 'member':
        return upsertMember(this.repos, op.member, at);
      case 'item':
        return upsertItem(this.repos, op.item, at);
      case 'collaboration':
        return upsertCollaboration(this.repos, op.collaboration);
    }
  }
}

function progress(batch: ParsedLine[], outcomes: Map<number, Outcome>, at: string) {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const rejections: LineRejection[] = [];
  for (const [line, outcome] of outcomes) {
    if (Array.isArray(outcome)) rejections.push({ line, problems: outcome });
    else counts[outcome] += 1;
  }
  const last = batch[batch.length - 1].line;
  return { at, lines: last, committedThroughLine: last, ...counts, rejections };
}
