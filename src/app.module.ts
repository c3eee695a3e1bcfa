import { DynamicModule, Module } from '@nestjs/common';
import { SessionsModule } from './sessions/sessions.module';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { ClustersModule } from './clusters/clusters.module';
import { CollaborationsModule } from './collaborations/collaborations.module';
import { CommonModule } from './common/common.module';
import { Clock } from './common/clock/clock';
import { AppConfig } from './common/config/app-config';
import { ConfigModule } from './common/config/config.module';
import { loggerOptions } from './common/logging';
import { CriteriaModule } from './criteria/criteria.module';
import { DigestsModule } from './digests/digests.module';
import { EconomiesModule } from './economies/economies.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { HealthModule } from './health/health.module';
import { ImportModule } from './import/import.module';
import { StoreModule } from './infra/store.module';
import { IntroductionsModule } from './introductions/introductions.module';
import { ItemsModule } from './items/items.module';
import { JobsModule } from './jobs/jobs.module';
import { MembersModule } from './members/members.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { PrivacyModule } from './privacy/privacy.module';
import { SearchModule } from './search/search.module';
import { SectorsModule } from './sectors/sectors.module';
import { SuggestionsModule } from './suggestions/suggestions.module';
import { VectorIndexModule } from './vector-index/vector-index.module';

export interface AppOptions {
  clock?: Clock;
}

/**
 * What every process needs: config, clock, logging, the store, the job queue, and the registry
 * (economies, clusters, members, items) with its import. Command-line tools start from this.
 */
export function coreImports(config: AppConfig, options: AppOptions = {}) {
  return [
    ConfigModule.forRoot(config),
    CommonModule.forRoot(options.clock),
    LoggerModule.forRoot(loggerOptions(config)),
    StoreModule.forRoot(config),
    JobsModule.forRoot(config),
    EconomiesModule,
    ClustersModule,
    MembersModule,
    ItemsModule,
    ImportModule,
  ];
}

/**
 * The background machinery of a process that has an index replica: the pipeline and everything
 * its jobs need (embeddings, matching, suggestions, digests, introductions).
 */
export function pipelineImports(options: { startIndex?: boolean } = {}) {
  return [VectorIndexModule.forRoot({ start: options.startIndex }), PipelineModule];
}

/** The api process: every feature, its HTTP routes, and (embedded) the processors. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreImports(config, options),
        ...pipelineImports(),
        AuthModule,
        ApiKeysModule,
        SessionsModule,
        SectorsModule,
        SearchModule,
        CollaborationsModule,
        CriteriaModule,
        SuggestionsModule,
        DigestsModule,
        IntroductionsModule,
        EvaluationModule,
        PrivacyModule,
        AdminModule,
        HealthModule,
      ],
    };
  }
}
