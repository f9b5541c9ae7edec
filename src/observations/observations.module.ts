import { Module } from '@nestjs/common';
import { IntakeModule } from './intake.module';
import { ObservationsHttpController } from './observations.http.controller';
import { ObservationsKafkaConsumer } from './observations.kafka.consumer';

/** The ways in: HTTP and Kafka adapters over the one intake handler. */
@Module({
  imports: [IntakeModule],
  controllers: [ObservationsHttpController],
  providers: [ObservationsKafkaConsumer],
})
export class ObservationsModule {}
