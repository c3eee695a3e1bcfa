import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { ClustersModule } from './clusters/clusters.module';
import { Clock } from './common/clock/clock';
import { AppConfig } from './common/config/app-config';
import { ConfigModule } from './common/config/config.module';
import { CommonModule } from './common/common.module';
import { loggerOptions } from './common/logging';
import { AdminModule } from './admin/admin.module';
import { EconomiesModule } from './economies/economies.module';
import { EmbeddingsModule } from './embeddings/embeddings.module';
import { HealthModule } from './health/health.module';
import { ImportModule } from './import/import.module';
import { StoreModule } from './infra/store.module';
import { ItemsModule } from './items/items.module';
import { DeliveryModule } from './delivery/delivery.module';
import { IntroductionsModule } from './introductions/introductions.module';
import { JobsModule } from './jobs/jobs.module';
import { MatchingModule } from './matching/matching.module';
import { MembersModule } from './members/members.module';
import { PrivacyCoreModule } from './privacy/party-eraser';
import { PrivacyModule } from './privacy/privacy.module';
import { SearchModule } from './search/search.module';
import { SectorsModule } from './sectors/sectors.module';
import { VectorIndexModule } from './vector-index/vector-index.module';

export interface AppOptions {
  clock?: Clock;
}

/** The modules every process needs: config, clock, logging, store and the domain services. */
export function coreImports(config: AppConfig, options: AppOptions = {}) {
  return [
    ConfigModule.forRoot(config),
    CommonModule.forRoot(options.clock),
    LoggerModule.forRoot(loggerOptions(config)),
    StoreModule.forRoot(config),
    PrivacyCoreModule,
    EconomiesModule,
    ClustersModule,
    MembersModule,
    ItemsModule,
    ImportModule,
  ];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreImports(config, options),
        EmbeddingsModule.forRoot(config),
        VectorIndexModule.forRoot(),
        AuthModule,
        SectorsModule,
        SearchModule,
        MatchingModule,
        JobsModule.forRoot(config),
        DeliveryModule,
        IntroductionsModule,
        PrivacyModule,
        AdminModule,
        HealthModule,
      ],
    };
  }
}
