import { DynamicModule, Global, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { CLOCK, Clock } from './clock';
import { CONFIG, Config } from './config';

/** What every module may inject: validated configuration, the logger, the clock, metrics, health. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: Config, logger: Logger, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CLOCK, useValue: clock },
        Metrics,
        HealthRegistry,
      ],
      exports: [CONFIG, LOGGER, CLOCK, Metrics, HealthRegistry],
    };
  }
}
