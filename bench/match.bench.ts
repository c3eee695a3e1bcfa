import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { coreImports, pipelineImports } from '../src/app.module';
import { environmentVariables } from '../src/common/config/load-config-or-exit';
import { loadConfig } from '../src/common/config/app-config';
import { CriteriaService } from '../src/criteria/criteria.service';
import { Embedder } from '../src/embeddings/embedder';
import { EmbeddingRecord } from '../src/embeddings/embedding';
import { contentHash } from '../src/embeddings/embedding-text';
import { EmbeddingsRepository } from '../src/embeddings/embeddings.repository';
import { ImportService } from '../src/import/import.service';
import { ItemsRepository } from '../src/items/items.repository';
import { ClustersRepository } from '../src/clusters/clusters.repository';
import { MembersRepository } from '../src/members/members.repository';
import { MatchingEngine } from '../src/matching/matching-engine';
import { scoreCandidate } from '../src/matching/scoring';
import { SuggestionsService } from '../src/suggestions/suggestions.service';
import { IndexReplica } from '../src/vector-index/index-replica.service';
import { ECONOMIES, TOPICS, rng, syntheticRecords } from './synthetic-data';
import { ms, percentile, printTable } from './table';

/**
 * `npm run bench:match`: a full recompute of every subject's suggestions — 10,000 subjects (2,500
 * clusters and 7,500 members) over 50,000 needs and offers in the 21 economies — through the
 * service (engine + store), and the scoring throughput alone. Records are imported through the
 * bulk import; their vectors are synthetic (200 topics; texts use each topic's vocabulary so the
 * keyword channel agrees with the vectors) and written to the store directly: this measures
 * matching, not the embedding model (see bench:embed for that).
 */
const DIM = 384;
const next = rng(11);
const gauss = () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
const unit = (v: Float32Array) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
};
const centres = Array.from({ length: TOPICS }, () =>
  unit(Float32Array.from({ length: DIM }, gauss)),
);
const near = (t: number) => unit(centres[t].map((x) => x + gauss() * 0.05));
const records = (clusters: number, membersPer: number, itemsPerParty: number) =>
  syntheticRecords(next, clusters, membersPer, itemsPerParty);

async function main(): Promise<void> {
  const [clusters, membersPer, itemsPerParty] = process.argv.slice(2).map(Number);
  const C = clusters || 2500;
  const dataDir = mkdtempSync(join(tmpdir(), 'pec-bench-match-'));
  const env = environmentVariables('EMBEDDING_');
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    EMBEDDING_REMOTE: 'false',
    ...env,
    DATA_DIR: dataDir,
  });
  @Module({
    imports: [...coreImports(config), ...pipelineImports({ startIndex: false })],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  try {
    const topics = new Map<string, number>();
    const lines: string[] = [];
    for (const r of records(C, membersPer || 3, itemsPerParty || 5)) {
      topics.set(`${r.line.type}:${r.line.externalId}`, r.topic);
      lines.push(JSON.stringify(r.line));
    }
    let t = performance.now();
    const imported = await app
      .get(ImportService)
      .run(Readable.from([Buffer.from(lines.join('\n'))]), 'bench');
    const importSeconds = (performance.now() - t) / 1000;

    // Synthetic vectors for every record, written as the embedder would.
    const modelId = app.get(Embedder).modelId;
    const store = {
      clusters: app.get(ClustersRepository),
      members: app.get(MembersRepository),
      items: app.get(ItemsRepository),
    };
    const embeddings = app.get(EmbeddingsRepository);
    const subjects: string[] = [];
    let itemCount = 0;
    for (const [entity, repo] of [
      ['cluster', store.clusters],
      ['member', store.members],
      ['item', store.items],
    ] as const) {
      let after: string | undefined;
      for (;;) {
        const page = (await repo.list({}, { limit: 1000, after })).slice(0, 1000) as {
          id: string;
          externalId: string | null;
        }[];
        if (!page.length) break;
        const batch: EmbeddingRecord[] = page.map((r) => ({
          entity,
          id: r.id,
          modelId,
          dimension: DIM,
          contentHash: contentHash(modelId, { text: r.id, chunks: [r.id] }),
          vectors: [near(topics.get(`${entity}:${r.externalId}`) ?? 0)],
          updatedAt: new Date().toISOString(),
        }));
        await embeddings.upsertMany(batch);
        if (entity !== 'item') subjects.push(...page.map((r) => `${entity}:${r.id}`));
        else itemCount += page.length;
        after = page[page.length - 1].id;
      }
    }
    t = performance.now();
    await app.get(IndexReplica).start({ follow: false });
    const indexSeconds = (performance.now() - t) / 1000;

    // Full recompute through the service: engine + stored lists.
    const service = app.get(SuggestionsService);
    const engine = app.get(MatchingEngine);
    const criteria = await app.get(CriteriaService).active();
    const perSubject: number[] = [];
    let suggested = 0;
    t = performance.now();
    for (const [n, subject] of subjects.entries()) {
      const s = performance.now();
      suggested += (await service.recompute(subject, criteria)).size;
      perSubject.push(performance.now() - s);
      if (n % 1000 === 999)
        process.stderr.write(
          `  ${n + 1}/${subjects.length} subjects (${((performance.now() - t) / 1000).toFixed(0)} s)\n`,
        );
    }
    const totalSeconds = (performance.now() - t) / 1000;

    // Scoring alone: the pools of 200 subjects, scored again and again.
    const replica = app.get(IndexReplica);
    const index = replica.index!;
    const today = new Date().toISOString().slice(0, 10);
    const pools = [];
    for (const subject of subjects.slice(0, 200)) {
      const run = await engine.match(subject, criteria);
      const candidates = await engine.views(
        run.retrieved.slice(0, criteria.rules.listSize * criteria.rules.poolFactor),
        index,
        today,
      );
      pools.push({ subject: run.subject, candidates });
    }
    let scoredCount = 0;
    t = performance.now();
    for (let round = 0; round < 5; round++) {
      for (const { subject, candidates } of pools) {
        for (const c of candidates) {
          scoreCandidate(subject, c, {
            criteria,
            today,
            feedback: { liked: [], dismissed: [] },
            networkKnown: false,
            keyword: 0.5,
            consensus: 0.5,
            text: 0.5,
            work: 0.5,
            sharedPartners: 0,
            proximity: 0,
            experience: 0,
            knownPartner: false,
          });
          scoredCount += 1;
        }
      }
    }
    const scoringSeconds = (performance.now() - t) / 1000;
    const sorted = [...perSubject].sort((a, b) => a - b);
    printTable(
      `full recompute: ${subjects.length.toLocaleString('en')} subjects over ${itemCount.toLocaleString('en')} needs/offers (${ECONOMIES.length} economies), list ${criteria.rules.listSize}, pool ${criteria.rules.listSize * criteria.rules.poolFactor}`,
      ['measure', 'value'],
      [
        ['import of the records (s)', `${importSeconds.toFixed(1)} (${imported.created} created)`],
        ['index + keyword channel build (s)', indexSeconds.toFixed(1)],
        ['full recompute, total (s)', totalSeconds.toFixed(1)],
        ['subjects per second', (subjects.length / totalSeconds).toFixed(1)],
        ['per subject p50 (ms)', ms(percentile(sorted, 50))],
        ['per subject p99 (ms)', ms(percentile(sorted, 99))],
        ['suggestions stored', suggested.toLocaleString('en')],
        ['scoring throughput (candidates/s)', (scoredCount / scoringSeconds).toFixed(0)],
      ],
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
