import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock/clock';
import { Metrics } from './metrics/metrics';

/** Process-wide services that are not storage: the clock, the metrics registry. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: Clock, useValue: clock }, Metrics],
      exports: [Clock, Metrics],
    };
  }
}
