import { DynamicModule, Module } from '@nestjs/common';
import { BackpressureModule } from '../backpressure/backpressure.module';
import { APPEND_OBSERVER, AppendObserver } from './append-observer';
import { IntakeModule } from './intake.module';
import { ObservationsHttpController } from './observations.http.controller';
import { ObservationsKafkaConsumer } from './observations.kafka.consumer';
import { ObservationSchemaController } from './observation-schema.controller';

/** The ways in: HTTP and Kafka adapters over the one intake handler. */
@Module({})
export class ObservationsModule {
  static forRoot(appendObserver: AppendObserver): DynamicModule {
    return {
      module: ObservationsModule,
      imports: [IntakeModule, BackpressureModule],
      controllers: [ObservationsHttpController, ObservationSchemaController],
      providers: [ObservationsKafkaConsumer, { provide: APPEND_OBSERVER, useValue: appendObserver }],
    };
  }
}
