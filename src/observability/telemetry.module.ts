import { DynamicModule, Global, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { HealthRegistry } from './health';
import { LOGGER } from './logger';
import { Metrics } from './metrics';

/** What every module may report through: the logger (made before Nest, so boot can log), metrics, health. */
@Global()
@Module({})
export class TelemetryModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: TelemetryModule,
      providers: [{ provide: LOGGER, useValue: logger }, Metrics, HealthRegistry],
      exports: [LOGGER, Metrics, HealthRegistry],
    };
  }
}
