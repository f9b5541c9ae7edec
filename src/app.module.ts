import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Logger } from 'pino';
import { Clock } from './config/clock';
import { Config } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { ObservabilityModule } from './observability/observability.module';
import { TelemetryModule } from './observability/telemetry.module';
import { AppendObserver } from './observations/append-observer';
import { ObservationsModule } from './observations/observations.module';
import { AccordsModule } from './accords/accords.module';
import { AlertsModule } from './alerts/alerts.module';
import { ProjectionsModule } from './projections/projections.module';
import { KafkaModule } from './kafka/kafka.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeliveryModule } from './delivery/delivery.module';

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger, clock: Clock, appendObserver: AppendObserver): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        TelemetryModule.forRoot(logger),
        CqrsModule.forRoot(),
        DatabaseModule,
        EventStoreModule,
        KafkaModule,
        ObservabilityModule,
        ObservationsModule.forRoot(appendObserver),
        ProjectionsModule,
        AccordsModule,
        AlertsModule,
        DashboardModule,
        DeliveryModule,
      ],
    };
  }
}
