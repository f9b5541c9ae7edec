import { Module } from '@nestjs/common';
import { IntakeModule } from './intake.module';
import { ObservationsHttpController } from './observations.http.controller';
import { ObservationsKafkaConsumer } from './observations.kafka.consumer';
import { ObservationSchemaController } from './observation-schema.controller';

/** The ways in: HTTP and Kafka adapters over the one intake handler. */
@Module({
  imports: [IntakeModule],
  controllers: [ObservationsHttpController, ObservationSchemaController],
  providers: [ObservationsKafkaConsumer],
})
export class ObservationsModule {}
