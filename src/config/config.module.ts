import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, Clock } from './clock';
import { CONFIG, Config } from './config';

/** What every module may read: the validated configuration and the clock, both given at the root. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config, clock: Clock): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [CONFIG, CLOCK],
    };
  }
}
